package dev.netfault.agent.kernel;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.faults.Enforcer;
import dev.netfault.agent.faults.EnforcerMode;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.faults.Presence;
import dev.netfault.agent.faults.Renewal;
import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Additions;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.probe.CapabilityProbe;
import dev.netfault.bridge.state.FactsReader;
import dev.netfault.bridge.sweep.FilterTables;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.target.Cidr;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Enforces faults in the kernel with tc-bridge: the namespace's facts (interfaces, root qdiscs, and capabilities probed
 * once at start) → {@link FaultPlanner} → {@link PlanExecutor} (which rolls back a failed apply) → verify. Status and
 * the confirmation of a revert read the kernel back; nothing is answered from memory.
 *
 * <p>The kernel readers are seams: {@link Facts} (FactsReader with the cached CapabilityProbe result),
 * {@link Readback} (StateReader; without one, the plan's own verify checks) and {@link Sweep} (Sweeper). Running the
 * plans, alone or group-committed in one nft transaction, is {@link KernelCommit}'s.
 */
public final class KernelEnforcer implements Enforcer {

    /** The deadline of each kernel command; the ECS agent gives a whole request 5 s. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /** The namespace as it is now. */
    @FunctionalInterface
    public interface Facts {
        NamespaceFacts read() throws InterruptedException;
    }

    /** Reads one fault's objects back from the kernel. */
    public interface Readback {
        /** Counters of the fault's objects (the fault's presence itself is decided by its verify checks). */
        Map<String, Long> counters(AppliedFault fault) throws InterruptedException;

        /** The fault's objects still in the kernel, described for an error message; empty when all are gone. */
        List<String> leftovers(AppliedFault fault) throws InterruptedException;

        /** {@link #leftovers(AppliedFault)} of each fault, read at once where the reader can. */
        default Map<FaultId, List<String>> leftovers(List<AppliedFault> faults) throws InterruptedException {
            Map<FaultId, List<String>> out = new LinkedHashMap<>();
            for (AppliedFault f : faults) {
                out.put(f.id(), leftovers(f));
            }
            return out;
        }
    }

    /** Removes every netfault-marked object the live faults do not own; returns what it removed. */
    @FunctionalInterface
    public interface Sweep {
        List<String> sweep(List<AppliedFault> live) throws InterruptedException;
    }

    private final FaultPlanner planner;
    private final PlanExecutor executor;
    private final Facts facts;
    private final Readback readback;
    private final Sweep sweep;
    private final int controlPort;
    private final List<Cidr> exemptions;
    private final Supplier<Health> health;
    private final KernelCommit commit;
    private final Duration lease;
    private final boolean allowUnleased;

    /** Removes what a tool created as a side effect of netfault's commands once nothing of netfault needs it. */
    @FunctionalInterface
    public interface Tidy {
        void afterRevert() throws InterruptedException;
    }

    public KernelEnforcer(FaultPlanner planner, PlanExecutor executor, Facts facts, Readback readback, Sweep sweep,
                          int controlPort, List<Cidr> exemptions, Supplier<Health> health) {
        this(planner, executor, facts, readback, sweep, controlPort, exemptions, health, () -> { });
    }

    public KernelEnforcer(FaultPlanner planner, PlanExecutor executor, Facts facts, Readback readback, Sweep sweep,
                          int controlPort, List<Cidr> exemptions, Supplier<Health> health, Tidy tidy) {
        this(planner, executor, facts, readback, sweep, controlPort, exemptions, health, tidy, PlanContext.DEFAULT_LEASE,
                false);
    }

    /**
     * @param lease         how long a fault bites after the last renewal ({@code serve --lease})
     * @param allowUnleased start faults the kernel cannot let lapse by itself ({@code serve --allow-unleased})
     */
    public KernelEnforcer(FaultPlanner planner, PlanExecutor executor, Facts facts, Readback readback, Sweep sweep,
                          int controlPort, List<Cidr> exemptions, Supplier<Health> health, Tidy tidy, Duration lease,
                          boolean allowUnleased) {
        this.lease = PlanContext.requireLease(lease);
        this.allowUnleased = allowUnleased;
        Tidy tidyUp = Objects.requireNonNull(tidy, "tidy");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.facts = Objects.requireNonNull(facts, "facts");
        this.readback = readback == null ? new CheckReadback(executor) : readback;
        this.sweep = Objects.requireNonNull(sweep, "sweep");
        this.controlPort = controlPort;
        this.exemptions = List.copyOf(exemptions);
        this.health = Objects.requireNonNull(health, "health");
        this.commit = new KernelCommit(this.executor, this.readback, tidyUp);
    }

    /**
     * The enforcer {@code netfault serve} runs: capabilities probed once now and cached, facts read per fault, health
     * answered by planning each kind once against this namespace.
     */
    public static KernelEnforcer create(CommandRunner runner, int controlPort, List<Cidr> exemptions, Readback readback,
                                        Sweep sweep) throws InterruptedException {
        return create(runner, controlPort, exemptions, readback, sweep, PlanContext.DEFAULT_LEASE, false);
    }

    public static KernelEnforcer create(CommandRunner runner, int controlPort, List<Cidr> exemptions, Readback readback,
                                        Sweep sweep, Duration lease, boolean allowUnleased) throws InterruptedException {
        Capabilities caps = new CapabilityProbe(runner).probe();
        FactsReader reader = new FactsReader(runner);
        FaultPlanner planner = new FaultPlanner();
        Health health = KernelHealth.of(planner, reader.read(caps), "tc/nftables/iptables in this network namespace",
                lease, allowUnleased);
        // iptables-nft creates an empty filter table on first use; remove it again when it was not there at start.
        FilterTables tables = new FilterTables(runner, COMMAND_TIMEOUT);
        Set<String> baseline = tables.present();
        return new KernelEnforcer(planner, new PlanExecutor(runner, COMMAND_TIMEOUT), () -> reader.read(caps), readback,
                sweep, controlPort, exemptions, () -> health, () -> tables.removeCreatedAndEmpty(baseline), lease,
                allowUnleased);
    }

    @Override
    public AppliedFault prepare(FaultId id, FaultSpec spec, Instant expiresAt) throws InterruptedException {
        return prepare(id, spec, expiresAt, facts.read());
    }

    /** The namespace is read at the first plan, then reused for the others of the group. */
    @Override
    public Planning planning() {
        NamespaceFacts[] read = new NamespaceFacts[1];
        return (id, spec, expiresAt) -> {
            if (read[0] == null) {
                read[0] = facts.read();
            }
            return prepare(id, spec, expiresAt, read[0]);
        };
    }

    private AppliedFault prepare(FaultId id, FaultSpec spec, Instant expiresAt, NamespaceFacts now) {
        Plan plan = planner.plan(id, spec, now, PlanContext.of(expiresAt, controlPort, exemptions, lease));
        if (!plan.lease().leased() && !allowUnleased) {
            throw new UnsupportedFaultException(LeaseRefusal.of(plan.kind(), plan.lease()));
        }
        return new AppliedFault(id, plan.kind(), plan.mechanism(), plan.interfaces(), plan.touches(), plan.apply(), plan.verify(),
                plan.revert(), plan.lease(), plan.revertAfter());
    }

    /**
     * Plans {@code widened} as if the namespace had none of netfault's own roots (they are this fault's), takes the
     * commands that only add ({@link Additions}) and runs them without a rollback: what was in place stays in place.
     */
    @Override
    public AppliedFault extend(AppliedFault fault, FaultSpec widened, Instant expiresAt) throws InterruptedException {
        NamespaceFacts now = facts.read();
        List<Link> links = now.links().stream().map(l -> Ownership.isOwnedTcHandle(l.root().handle())
                ? new Link(l.name(), l.loopback(), RootQdisc.kernelDefault("noqueue"), l.ingressQdisc()) : l).toList();
        Plan next = planner.plan(fault.id(), widened, new NamespaceFacts(links, now.capabilities()),
                PlanContext.of(expiresAt, controlPort, exemptions, lease));
        List<Command> added = Additions.between(KernelCommit.plan(fault), next);
        if (!added.isEmpty()) {
            executor.apply(new Plan(fault.id(), next.kind(), next.mechanism(), next.interfaces(), next.touches(), added, List.of(),
                    List.of(), List.of(), next.lease()));
        }
        List<Check> missing = executor.verify(next);
        if (!missing.isEmpty()) {
            Check c = missing.get(0);
            throw new CommandFailedException(c.command(), new CommandResult(1, "",
                    "verify: " + c.what() + " is not in the kernel after adding sources"));
        }
        return new AppliedFault(fault.id(), next.kind(), next.mechanism(), next.interfaces(), next.touches(), next.apply(), next.verify(),
                next.revert(), next.lease(), next.revertAfter());
    }

    @Override
    public void apply(AppliedFault fault) throws InterruptedException {
        commit.apply(fault);
    }

    /** Group commit, in one {@code nft -f -} transaction where the faults allow ({@link KernelCommit#applyAll}). */
    @Override
    public Map<FaultId, RuntimeException> applyAll(List<AppliedFault> faults) throws InterruptedException {
        return commit.applyAll(faults);
    }

    /** Present when every verify check passes now; counters from the readback. */
    @Override
    public Presence present(AppliedFault fault) throws InterruptedException {
        boolean present = isPresent(fault);
        return new Presence(present, present ? readback.counters(fault) : Map.of());
    }

    @Override
    public boolean isPresent(AppliedFault fault) throws InterruptedException {
        return executor.verify(KernelCommit.plan(fault)).isEmpty() && leaseAlive(fault);
    }

    @Override
    public boolean leaseAlive(AppliedFault fault) throws InterruptedException {
        return executor.failing(fault.lease().alive()).isEmpty();
    }

    /** One transaction per tool for all faults; when it fails, each fault alone, so one bad fault cannot starve the rest. */
    @Override
    public Renewal renew(List<AppliedFault> live) throws InterruptedException {
        List<AppliedFault> leased = live.stream().filter(f -> f.lease().leased()).toList();
        if (leased.isEmpty()) {
            return Renewal.NOTHING;
        }
        if (executor.runAll(Lease.mergeAll(leased.stream().map(AppliedFault::lease).toList())).isEmpty()) {
            return new Renewal(leased.size(), true, Map.of());
        }
        Map<FaultId, String> failed = new LinkedHashMap<>();
        for (AppliedFault f : leased) {
            List<CommandFailedException> e = executor.runAll(Lease.merge(f.lease().renew()));
            if (!e.isEmpty()) {
                failed.put(f.id(), e.get(0).getMessage());
            }
        }
        return new Renewal(leased.size(), false, failed);
    }

    /** Reverts and reads the kernel back: what is still there fails the revert ({@link KernelCommit#revert}). */
    @Override
    public void revert(AppliedFault fault) throws InterruptedException {
        commit.revert(fault);
    }

    /** Group commit of stops, then one read-back confirms what is gone ({@link KernelCommit#revertAll}). */
    @Override
    public Map<FaultId, RuntimeException> revertAll(List<AppliedFault> faults) throws InterruptedException {
        return commit.revertAll(faults);
    }

    @Override
    public List<String> sweep(List<AppliedFault> live) throws InterruptedException {
        return sweep.sweep(live);
    }

    @Override
    public Health health() {
        return health.get();
    }

    @Override
    public EnforcerMode mode() {
        return EnforcerMode.KERNEL;
    }
}
