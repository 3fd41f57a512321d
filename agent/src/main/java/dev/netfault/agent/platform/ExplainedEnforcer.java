package dev.netfault.agent.platform;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.faults.Enforcer;
import dev.netfault.agent.faults.EnforcerMode;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.faults.Presence;
import dev.netfault.agent.faults.Renewal;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An enforcer whose health says why its mode was chosen ({@link ModeDecision#reason()}); everything else delegates. */
public record ExplainedEnforcer(Enforcer delegate, String modeReason) implements Enforcer {

    @Override
    public AppliedFault prepare(FaultId id, FaultSpec spec, Instant expiresAt) throws InterruptedException {
        return delegate.prepare(id, spec, expiresAt);
    }

    @Override
    public AppliedFault extend(AppliedFault fault, FaultSpec widened, Instant expiresAt) throws InterruptedException {
        return delegate.extend(fault, widened, expiresAt);
    }

    @Override
    public void apply(AppliedFault fault) throws InterruptedException {
        delegate.apply(fault);
    }

    @Override
    public Planning planning() {
        return delegate.planning();
    }

    @Override
    public Map<FaultId, RuntimeException> applyAll(List<AppliedFault> faults) throws InterruptedException {
        return delegate.applyAll(faults);
    }

    @Override
    public Map<FaultId, RuntimeException> revertAll(List<AppliedFault> faults) throws InterruptedException {
        return delegate.revertAll(faults);
    }

    @Override
    public Presence present(AppliedFault fault) throws InterruptedException {
        return delegate.present(fault);
    }

    @Override
    public boolean isPresent(AppliedFault fault) throws InterruptedException {
        return delegate.isPresent(fault);
    }

    @Override
    public void revert(AppliedFault fault) throws InterruptedException {
        delegate.revert(fault);
    }

    @Override
    public Renewal renew(List<AppliedFault> live) throws InterruptedException {
        return delegate.renew(live);
    }

    @Override
    public boolean leaseAlive(AppliedFault fault) throws InterruptedException {
        return delegate.leaseAlive(fault);
    }

    @Override
    public List<String> sweep(List<AppliedFault> live) throws InterruptedException {
        return delegate.sweep(live);
    }

    @Override
    public EnforcerMode mode() {
        return delegate.mode();
    }

    @Override
    public Health health() {
        Health h = delegate.health();
        return h.withModeReason(modeReason);
    }
}
