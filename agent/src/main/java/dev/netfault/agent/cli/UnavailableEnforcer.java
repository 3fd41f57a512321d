package dev.netfault.agent.cli;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.faults.Enforcer;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.faults.Presence;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The enforcer {@code serve} uses while this build has no kernel enforcer: it refuses every fault with a 400 that
 * says so, changes nothing, and reports every kind unsupported in {@code /healthz}. Replaced by the kernel enforcer in
 * {@link AgentWiring#enforcer}.
 */
final class UnavailableEnforcer implements Enforcer {

    static final String WHY = "this build of netfault has no kernel enforcer";

    @Override
    public AppliedFault prepare(FaultId id, FaultSpec spec, Instant expiresAt) {
        throw new UnsupportedFaultException(spec.kind() + " cannot be applied: " + WHY);
    }

    @Override
    public void apply(AppliedFault fault) {
        throw new UnsupportedFaultException(WHY);
    }

    @Override
    public Presence present(AppliedFault fault) {
        return Presence.absent();
    }

    @Override
    public void revert(AppliedFault fault) {
        // nothing was ever applied
    }

    @Override
    public List<String> sweep(List<AppliedFault> live) {
        return List.of();
    }

    @Override
    public Health health() {
        return new Health("kernel", WHY, Map.of("latency", WHY, "loss", WHY, "blackhole", WHY), Map.of());
    }
}
