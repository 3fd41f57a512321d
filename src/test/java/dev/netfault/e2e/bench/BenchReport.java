package dev.netfault.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Where every benchmark figure goes: one JSON object per line in {@code $NETFAULT_BENCH_ROWS} (default
 * {@code bench-results/.rows.jsonl} under the project root), also printed. {@code scripts/bench.sh} turns the lines into
 * the dated JSON file and the markdown table. A row is {@code section, metric, value, unit, target, met, note}; {@code met}
 * is {@code null} where issue 8 sets no target.
 */
final class BenchReport {

    private BenchReport() {
    }

    static Path rowsFile() {
        String env = System.getenv("NETFAULT_BENCH_ROWS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("netfault.root", "."), "bench-results", ".rows.jsonl").toAbsolutePath().normalize();
    }

    /** A figure with no target. */
    static void row(String section, String metric, double value, String unit, String note) {
        write(section, metric, value, unit, "", null, note);
    }

    /** A figure and its target; {@code met} says whether the figure reaches it. */
    static void row(String section, String metric, double value, String unit, String target, boolean met, String note) {
        write(section, metric, value, unit, target, met, note);
    }

    private static synchronized void write(String section, String metric, double value, String unit, String target,
                                           Boolean met, String note) {
        String v = Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.3f", value);
        String json = "{\"section\":" + q(section) + ",\"metric\":" + q(metric) + ",\"value\":" + v + ",\"unit\":" + q(unit)
                + ",\"target\":" + q(target) + ",\"met\":" + (met == null ? "null" : met.toString()) + ",\"note\":" + q(note)
                + "}";
        System.out.printf(Locale.ROOT, "BENCH | %s | %s | %s %s | %s | %s | %s%n", section, metric, v, unit, target,
                met == null ? "" : (met ? "yes" : "NO"), note);
        Path file = rowsFile();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c < 0x20 ? ' ' : c);
            }
        }
        return sb.append('"').toString();
    }
}
