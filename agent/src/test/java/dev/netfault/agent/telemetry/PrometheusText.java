package dev.netfault.agent.telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line must be a HELP, TYPE or
 * comment line or a well-formed sample of a family declared by a TYPE line before it; label values must be properly
 * escaped; families are contiguous; histogram buckets are cumulative and end with {@code le="+Inf"} equal to the count.
 * Any violation throws {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public record Family(String name, String type, List<Sample> samples) {
        public double value(String sample, Map<String, String> labels) {
            return samples.stream().filter(s -> s.name().equals(sample) && s.labels().equals(labels)).findFirst()
                    .orElseThrow(() -> new AssertionError("no sample " + sample + labels + " in " + name)).value();
        }
    }

    private PrometheusText() {
    }

    public static Map<String, Family> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("exposition must end with a newline");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Family current = null;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher t = TYPE.matcher(line);
                if (t.matches()) {
                    if (families.containsKey(t.group(1))) {
                        throw bad(n, line, "family declared twice");
                    }
                    current = new Family(t.group(1), t.group(2), new ArrayList<>());
                    families.put(current.name(), current);
                } else if (line.startsWith("# HELP") && !HELP.matcher(line).matches()) {
                    throw bad(n, line, "malformed HELP");
                } else if (line.startsWith("# TYPE")) {
                    throw bad(n, line, "malformed TYPE");
                }
                continue;
            }
            Sample s = sample(n, line);
            if (current == null || !belongs(current, s.name())) {
                throw bad(n, line, "sample outside its family (no TYPE line just before it)");
            }
            current.samples().add(s);
        }
        families.values().stream().filter(f -> f.type().equals("histogram")).forEach(PrometheusText::checkHistogram);
        return families;
    }

    private static boolean belongs(Family f, String sample) {
        switch (f.type()) {
            case "histogram":
                return sample.equals(f.name() + "_bucket") || sample.equals(f.name() + "_sum") || sample.equals(f.name() + "_count");
            case "summary":
                return sample.equals(f.name()) || sample.equals(f.name() + "_sum") || sample.equals(f.name() + "_count");
            case "counter":
                return sample.equals(f.name()) || sample.equals(f.name() + "_total");
            default:
                return sample.equals(f.name());
        }
    }

    private static Sample sample(int n, String line) {
        Matcher m = NAME.matcher(line);
        if (!m.lookingAt()) {
            throw bad(n, line, "no metric name");
        }
        String name = m.group();
        int i = m.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                Matcher ln = LABEL_NAME.matcher(line).region(i, line.length());
                if (!ln.lookingAt() || line.charAt(ln.end()) != '=' || line.charAt(ln.end() + 1) != '"') {
                    throw bad(n, line, "malformed label at " + i);
                }
                StringBuilder v = new StringBuilder();
                int j = ln.end() + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        if (e != '\\' && e != '"' && e != 'n') {
                            throw bad(n, line, "bad escape \\" + e);
                        }
                        v.append(e == 'n' ? '\n' : e);
                    } else {
                        v.append(c);
                    }
                }
                if (labels.put(ln.group(), v.toString()) != null) {
                    throw bad(n, line, "duplicate label " + ln.group());
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).split(" ", -1);
        if (rest.length < 2 || rest.length > 3 || !rest[0].isEmpty()) {
            throw bad(n, line, "expected ' value [timestamp]'");
        }
        return new Sample(name, labels, value(n, line, rest[1]));
    }

    private static double value(int n, String line, String v) {
        switch (v) {
            case "NaN": return Double.NaN;
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            default:
                if (!v.matches("[-+]?[0-9]+(\\.[0-9]*)?([eE][-+]?[0-9]+)?")) {
                    throw bad(n, line, "bad value " + v);
                }
                return Double.parseDouble(v);
        }
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
        for (Sample s : f.samples()) {
            if (s.name().endsWith("_bucket")) {
                Map<String, String> key = new LinkedHashMap<>(s.labels());
                if (key.remove("le") == null) {
                    throw new IllegalArgumentException(f.name() + ": bucket without le");
                }
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            }
        }
        buckets.forEach((labels, list) -> {
            double prevLe = Double.NEGATIVE_INFINITY;
            double prev = 0;
            for (Sample b : list) {
                double le = b.labels().get("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(b.labels().get("le"));
                if (le <= prevLe || b.value() < prev) {
                    throw new IllegalArgumentException(f.name() + labels + ": buckets not cumulative at le=" + le);
                }
                prevLe = le;
                prev = b.value();
            }
            if (prevLe != Double.POSITIVE_INFINITY || prev != f.value(f.name() + "_count", labels)) {
                throw new IllegalArgumentException(f.name() + labels + ": +Inf bucket missing or not equal to _count");
            }
        });
    }

    private static IllegalArgumentException bad(int n, String line, String why) {
        return new IllegalArgumentException("line " + n + ": " + why + ": " + line);
    }
}
