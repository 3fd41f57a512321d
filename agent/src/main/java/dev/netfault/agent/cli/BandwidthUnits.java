package dev.netfault.agent.cli;

import dev.netfault.bridge.bandwidth.BandwidthSpec;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CLI's bandwidth quantities, in tc's units: a rate ({@code 2mbit}, {@code 500kbit}, {@code 1gbit}, or a plain number
 * of kbit/s; 1 kbit = 1000 bit) and a burst ({@code 64kb}, {@code 1mb}, or a plain number of KiB). Errors name the
 * option, the value and what is accepted; bytes per second ({@code kbps}, {@code mbps}) are refused, not guessed.
 */
final class BandwidthUnits {

    private static final Pattern RATE = Pattern.compile("([0-9]{1,12})(kbit|mbit|gbit)?");
    private static final Pattern BURST = Pattern.compile("([0-9]{1,9})(kb|mb)?");

    private BandwidthUnits() {
    }

    /** {@code --rate} in kbit/s, within the agent's 8-10,000,000. */
    static long rateKbit(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = RATE.matcher(t);
        if (!m.matches()) {
            String hint = t.endsWith("bps") ? "; tc's kbps/mbps are bytes per second - say kbit or mbit" : "";
            throw new IllegalArgumentException("--rate: '" + text + "' (expected: a rate such as 500kbit, 2mbit, 1gbit"
                    + " or a plain number of kbit/s" + hint + ")");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "kbit" : m.group(2);
        long factor = switch (unit) {
            case "mbit" -> 1_000;
            case "gbit" -> 1_000_000;
            default -> 1;
        };
        if (n > BandwidthSpec.MAX_RATE_KBIT || n * factor < BandwidthSpec.MIN_RATE_KBIT || n * factor > BandwidthSpec.MAX_RATE_KBIT) {
            throw new IllegalArgumentException("--rate: '" + text + "' (expected: 8kbit-10gbit)");
        }
        return n * factor;
    }

    /** {@code --burst} in KiB, within the agent's 1-1,000,000. */
    static long burstKbytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = BURST.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("--burst: '" + text + "' (expected: a size such as 64kb, 1mb or a plain"
                    + " number of kilobytes)");
        }
        long n = Long.parseLong(m.group(1)) * ("mb".equals(m.group(2)) ? 1024 : 1);
        if (n < 1 || n > BandwidthSpec.MAX_BURST_KBYTES) {
            throw new IllegalArgumentException("--burst: '" + text + "' (expected: 1kb-" + BandwidthSpec.MAX_BURST_KBYTES + "kb)");
        }
        return n;
    }
}
