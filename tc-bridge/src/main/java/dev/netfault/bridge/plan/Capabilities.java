package dev.netfault.bridge.plan;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the kernel and tools of one namespace can do, as found by trying each feature and reading back what the kernel
 * installed. {@link #reasons()} explains every feature that is missing ({@code "sch_netem" -> "Error: Specified qdisc kind is unknown."}).
 */
public record Capabilities(boolean netem, boolean prio, boolean htb, boolean ifb, boolean clsact, boolean mirred,
                           boolean u32, boolean nftables, boolean nftEgressHook, boolean iptables, boolean ip6tables,
                           String iptablesBackend, boolean matchTime, boolean matchStatistic, boolean matchComment,
                           boolean ipset, Map<String, String> reasons) {

    public Capabilities {
        Objects.requireNonNull(iptablesBackend, "iptablesBackend");
        reasons = Map.copyOf(new TreeMap<>(reasons));
    }

    /** Everything available: the facts of a stock Debian kernel with iproute2, nftables and iptables (nf_tables). */
    public static Capabilities full() {
        return new Capabilities(true, true, true, true, true, true, true, true, true, true, true, "nf_tables",
                true, true, true, true, Map.of());
    }

    /** The facts of the Linux 6.18 machines this project is built on: no sch_netem, no sch_prio. */
    public static Capabilities withoutNetem() {
        return new Capabilities(false, false, true, true, true, true, true, true, true, true, true, "nf_tables",
                true, true, true, true, Map.of(
                        "sch_netem", "Error: Specified qdisc kind is unknown.",
                        "sch_prio", "Error: Specified qdisc kind is unknown."));
    }

    /** Why a feature is missing, or a generic sentence when the probe gave none. */
    public String reason(String feature) {
        return reasons.getOrDefault(feature, "not available in this namespace");
    }
}
