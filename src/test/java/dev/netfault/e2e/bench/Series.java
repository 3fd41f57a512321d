package dev.netfault.e2e.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Samples of one measured quantity (milliseconds unless said otherwise) and their order statistics: nearest-rank
 * percentiles, so {@code p(50)} of 200 samples is the 100th smallest.
 */
final class Series {

    private final String name;
    private final List<Double> values = new ArrayList<>();

    Series(String name) {
        this.name = name;
    }

    void add(double v) {
        values.add(v);
    }

    void addNanos(long nanos) {
        values.add(nanos / 1e6);
    }

    int count() {
        return values.size();
    }

    String name() {
        return name;
    }

    double median() {
        return p(50);
    }

    double p(double percent) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int i = (int) Math.ceil(percent / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }

    double max() {
        return p(100);
    }

    double mean() {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: median %.2f, p99 %.2f, max %.2f (n=%d)", name, median(), p(99), max(),
                count());
    }
}
