package dev.netfault.e2e.guest;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.testing.Netns;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ICMP echo from a namespace with busybox ping (busybox-static): per-sequence round-trip times in milliseconds. */
final class Ping {
    private static final Pattern REPLY = Pattern.compile("seq=(\\d+) .*time=([0-9.]+) ms");

    private Ping() {
    }

    /** Sends {@code count} echoes {@code intervalSeconds} apart and returns what came back. */
    static Samples run(Netns from, String destination, int count, String intervalSeconds) throws InterruptedException {
        CommandResult result = from.run(GuestNetwork.SLOW_COMMAND, "busybox", "ping", "-c", Integer.toString(count),
                "-i", intervalSeconds, "-W", "2", destination);
        // exit 1: some echoes got no reply, which is what a loss test measures
        if (result.exitCode() != 0 && result.exitCode() != 1) {
            throw new IllegalStateException("ping " + destination + " in " + from.name() + " failed (exit "
                    + result.exitCode() + "): " + result.stderr().strip());
        }
        return Samples.parse(count, result.stdout());
    }

    /** Replies by sequence number: {@code rttMs[seq]} is the RTT, or NaN when that echo was lost. */
    record Samples(double[] rttMs) {
        static Samples parse(int count, String output) {
            double[] rtt = new double[count];
            java.util.Arrays.fill(rtt, Double.NaN);
            Matcher m = REPLY.matcher(output);
            while (m.find()) {
                int seq = Integer.parseInt(m.group(1));
                if (seq >= 0 && seq < count) {
                    rtt[seq] = Double.parseDouble(m.group(2));
                }
            }
            return new Samples(rtt);
        }

        List<Double> received() {
            List<Double> out = new ArrayList<>();
            for (double v : rttMs) {
                if (!Double.isNaN(v)) {
                    out.add(v);
                }
            }
            return out;
        }

        double median() {
            return percentile(50);
        }

        double percentile(double p) {
            List<Double> sorted = received();
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            sorted.sort(null);
            int index = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p / 100 * sorted.size()) - 1));
            return sorted.get(index);
        }

        double stddev() {
            List<Double> values = received();
            double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double sq = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            return Math.sqrt(sq / Math.max(1, values.size() - 1));
        }

        int lost() {
            return rttMs.length - received().size();
        }
    }
}
