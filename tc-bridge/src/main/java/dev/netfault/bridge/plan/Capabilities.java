package dev.netfault.bridge.plan;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the kernel and tools of one namespace can do, as found by trying each feature and reading back what the kernel
 * installed: the features {@link #present()}, and for missing ones the probe's words
 * ({@code NETEM -> "Error: Specified qdisc kind is unknown."}).
 *
 * @param present         the features that work here
 * @param missingReasons  why a missing feature is missing; never a reason for a present feature
 * @param iptablesBackend {@code nf_tables}, {@code legacy}, {@code unknown} or {@code none}
 */
public record Capabilities(Set<Feature> present, Map<Feature, String> missingReasons, String iptablesBackend) {

    private static final String GENERIC_REASON = "not available in this namespace";
    private static final String UNKNOWN_QDISC = "Error: Specified qdisc kind is unknown.";

    public Capabilities {
        Objects.requireNonNull(iptablesBackend, "iptablesBackend");
        present = Collections.unmodifiableSet(present.isEmpty() ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(present));
        missingReasons = Collections.unmodifiableMap(missingReasons.isEmpty() ? new EnumMap<>(Feature.class)
                : new EnumMap<>(missingReasons));
        for (Map.Entry<Feature, String> e : missingReasons.entrySet()) {
            Objects.requireNonNull(e.getValue(), e.getKey().key());
            if (present.contains(e.getKey())) {
                throw new IllegalArgumentException("missingReasons: " + e.getKey() + " is present");
            }
        }
    }

    /** Everything available: the facts of a stock Debian kernel with iproute2, nftables and iptables (nf_tables). */
    public static Capabilities full() {
        return new Capabilities(EnumSet.allOf(Feature.class), Map.of(), "nf_tables");
    }

    /** The facts of the Linux 6.18 machines this project is built on: no sch_netem, no sch_prio. */
    public static Capabilities withoutNetem() {
        return full().without(Feature.NETEM, UNKNOWN_QDISC).without(Feature.PRIO, UNKNOWN_QDISC);
    }

    public boolean has(Feature feature) {
        return present.contains(feature);
    }

    /** Why a feature is missing: the probe's message, or a generic sentence when the probe gave none. */
    public String reason(Feature feature) {
        return missingReasons.getOrDefault(feature, GENERIC_REASON);
    }

    /** These capabilities with {@code feature} present (and its reason, if any, gone). */
    public Capabilities with(Feature feature) {
        Set<Feature> p = EnumSet.noneOf(Feature.class);
        p.addAll(present);
        p.add(feature);
        Map<Feature, String> r = new EnumMap<>(Feature.class);
        r.putAll(missingReasons);
        r.remove(feature);
        return new Capabilities(p, r, iptablesBackend);
    }

    /** These capabilities with {@code feature} missing for {@code reason}. */
    public Capabilities without(Feature feature, String reason) {
        Set<Feature> p = EnumSet.noneOf(Feature.class);
        p.addAll(present);
        p.remove(feature);
        Map<Feature, String> r = new EnumMap<>(Feature.class);
        r.putAll(missingReasons);
        r.put(feature, Objects.requireNonNull(reason, "reason"));
        return new Capabilities(p, r, iptablesBackend);
    }
}
