package dev.netfault.agent.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One window of client results: how many requests succeeded, how long they took, how many failed. */
final class LoadStats {

    private List<Long> latenciesMicros = new ArrayList<>();
    private int errors;

    synchronized void ok(long micros) {
        latenciesMicros.add(micros);
    }

    synchronized void error() {
        errors++;
    }

    /** The window's summary line, then a fresh window. */
    synchronized String roll(double seconds) {
        List<Long> l = latenciesMicros;
        int e = errors;
        latenciesMicros = new ArrayList<>();
        errors = 0;
        return line(l, e, seconds);
    }

    /** {@code rate  180 req/s  p50   0.4 ms  p99   1.2 ms  errors 0}. */
    static String line(List<Long> latenciesMicros, int errors, double seconds) {
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        long rate = Math.round(sorted.size() / seconds);
        return String.format("rate %4d req/s  p50 %9s  p99 %9s  errors %d", rate, percentile(sorted, 50),
                percentile(sorted, 99), errors);
    }

    static String percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        long micros = sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        return String.format("%.1f ms", micros / 1000.0);
    }
}
