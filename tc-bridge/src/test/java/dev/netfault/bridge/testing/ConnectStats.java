package dev.netfault.bridge.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code Traffic tcp-connect} measured: every attempt's outcome ({@code ok}, {@code timeout}, {@code refused},
 * {@code error}) and duration.
 */
public record ConnectStats(String target, List<Attempt> attempts) {

    /** One connect attempt. */
    public record Attempt(String outcome, double millis) {
    }

    public ConnectStats {
        attempts = List.copyOf(attempts);
    }

    static ConnectStats parse(String target, String output) {
        List<Attempt> attempts = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[0].equals("connect")) {
                attempts.add(new Attempt(f[1], Double.parseDouble(f[2])));
            }
        }
        return new ConnectStats(target, attempts);
    }

    public int count() {
        return attempts.size();
    }

    public long successes() {
        return attempts.stream().filter(a -> a.outcome().equals("ok")).count();
    }

    public long timeouts() {
        return attempts.stream().filter(a -> a.outcome().equals("timeout")).count();
    }

    /** Attempts that failed for any reason (timeouts included). */
    public long failures() {
        return count() - successes();
    }

    public double medianMillis() {
        double[] ms = attempts.stream().mapToDouble(Attempt::millis).sorted().toArray();
        return ms.length == 0 ? Double.NaN : ms[ms.length / 2];
    }

    public double maxMillis() {
        return attempts.stream().mapToDouble(Attempt::millis).max().orElse(Double.NaN);
    }

    /** One line for the test log, e.g. {@code tcp 198.51.100.2:8080: 0/3 ok, 3 timeouts, median 500.4 ms}. */
    public String summary() {
        return String.format(Locale.ROOT, "tcp %s: %d/%d ok, %d timeouts, %d other failures, median %.1f ms, max %.1f ms",
                target, successes(), count(), timeouts(), failures() - timeouts(), medianMillis(), maxMillis());
    }

    @Override
    public String toString() {
        return summary();
    }
}
