package dev.netfault.bridge.probe;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** What the probe found so far: one verdict per feature, and the kernel's words for each missing one. */
final class ProbeFindings {

    private final Map<Feature, Boolean> verdicts = new EnumMap<>(Feature.class);
    private final Map<Feature, String> reasons = new EnumMap<>(Feature.class);
    private String iptablesBackend = "none";

    synchronized void yes(Feature feature) {
        verdicts.putIfAbsent(feature, true);
    }

    /** A feature is missing; the first reason given wins, and a later {@link #yes} cannot undo it. */
    synchronized void no(Feature feature, String reason) {
        verdicts.put(feature, false);
        reasons.putIfAbsent(feature, reason);
    }

    synchronized void backend(String backend) {
        iptablesBackend = backend;
    }

    /** Why a feature was found missing so far, or {@code "not probed"}. */
    synchronized String reason(Feature feature) {
        return reasons.getOrDefault(feature, "not probed");
    }

    synchronized boolean has(Feature feature) {
        return verdicts.getOrDefault(feature, false);
    }

    synchronized Capabilities toCapabilities() {
        for (Feature f : Feature.values()) {
            if (!verdicts.containsKey(f)) {
                no(f, "not probed");
            }
        }
        Set<Feature> present = EnumSet.noneOf(Feature.class);
        verdicts.forEach((f, yes) -> {
            if (yes) {
                present.add(f);
            }
        });
        return new Capabilities(present, reasons, iptablesBackend);
    }
}
