package dev.netfault.bridge.state;

/**
 * Kernel counters of one object: packets and bytes that went through it, and packets it dropped. For a netem qdisc
 * the packets it sent are the packets it delayed; for a netfilter chain or table they are those of its drop rules.
 */
public record Counters(long packets, long bytes, long drops) {

    public static final Counters ZERO = new Counters(0, 0, 0);

    public Counters {
        if (packets < 0 || bytes < 0 || drops < 0) {
            throw new IllegalArgumentException("counters: " + packets + "/" + bytes + "/" + drops
                    + " (expected: packets, bytes and drops >= 0)");
        }
    }

    public Counters plus(Counters other) {
        return new Counters(packets + other.packets, bytes + other.bytes, drops + other.drops);
    }
}
