package dev.netfault.agent.kernel;

import dev.netfault.agent.faults.Health;
import dev.netfault.agent.faults.LeaseKeeper;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.ForeignQdiscException;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.SlotTakenException;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this namespace can do, asked of the planners themselves: each fault kind is planned once (nothing is applied)
 * against the namespace's facts; the plan's mechanism, or the planner's reason for refusing, is the answer. The one
 * answer to "what works here": {@code /healthz} serves it and {@code netfault doctor} prints it.
 */
public final class KernelHealth {

    private KernelHealth() {
    }

    public static Health of(FaultPlanner planner, NamespaceFacts facts, String modeReason) {
        return of(planner, facts, modeReason, PlanContext.DEFAULT_LEASE, false);
    }

    /** A kind whose plan is unleased is unsupported unless {@code allowUnleased}; either way {@code unleased} says why. */
    public static Health of(FaultPlanner planner, NamespaceFacts found, String modeReason, Duration lease, boolean allowUnleased) {
        // netfault's own leftovers (a tc tree whose lease lapsed while no agent ran) are the reconcile's to remove:
        // they say nothing about what this namespace can do, and must not stop the agent from starting
        NamespaceFacts facts = new NamespaceFacts(found.links().stream().map(l -> Ownership.isOwnedTcHandle(l.root().handle())
                ? new Link(l.name(), l.loopback(), RootQdisc.kernelDefault("noqueue"), l.ingressQdisc()) : l).toList(),
                found.capabilities());
        Map<String, FaultSpec> kinds = new LinkedHashMap<>();
        Kinds.healthSamples().forEach(s -> kinds.put(s.label(), s.spec()));
        Map<String, String> unsupported = new LinkedHashMap<>();
        Map<String, String> mechanisms = new LinkedHashMap<>();
        Map<String, String> unleased = new LinkedHashMap<>();
        PlanContext context = PlanContext.of(Instant.now().plusSeconds(60), PlanContext.DEFAULT_CONTROL_PORT, List.of(),
                lease);
        FaultId probe = new FaultId("00000000");
        kinds.forEach((kind, spec) -> {
            try {
                Plan plan = planner.plan(probe, spec, facts, context);
                mechanisms.put(kind, plan.mechanism());
                plan.lease().unleasedReason().ifPresent(why -> unleased.put(kind, why));
                unsupported.put(kind, plan.lease().leased() || allowUnleased ? ""
                        : LeaseRefusal.of(plan.kind(), plan.lease()));
            } catch (UnsupportedFaultException | ForeignQdiscException | SlotTakenException | IllegalArgumentException e) {
                unsupported.put(kind, e.getMessage());
            }
        });
        String policy = lease.toMillis() + " ms lease, renewed every " + LeaseKeeper.period(lease).toMillis() + " ms; "
                + (allowUnleased ? "unleased faults allowed (--allow-unleased)"
                        : "unleased faults refused (--allow-unleased runs them)");
        return new Health("kernel", modeReason, unsupported, mechanisms, unleased, policy);
    }
}
