package dev.netfault.agent.cli;

import dev.netfault.agent.faults.Enforcer;
import dev.netfault.agent.faults.FaultListener;
import dev.netfault.agent.faults.FaultManager;
import dev.netfault.agent.faults.Journal;
import dev.netfault.agent.faults.Lifecycle;
import dev.netfault.agent.kernel.KernelEnforcer;
import dev.netfault.agent.kernel.KernelSweep;
import dev.netfault.agent.kernel.StateReadback;
import dev.netfault.agent.platform.ExplainedEnforcer;
import dev.netfault.agent.platform.ModeDecision;
import dev.netfault.agent.platform.PlatformWiring;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.nftlib.NftLoader;
import dev.netfault.bridge.state.StateReader;
import dev.netfault.bridge.sweep.Sweeper;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.target.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds what {@code netfault serve} runs: processes (through {@code nsenter} when {@code --netns} is given), with
 * {@code nft} commands run in-process by libnftables when it loads (on a thread in that namespace), the enforcer,
 * and the reconciled {@link FaultManager} with its journal in {@code --state-dir}.
 */
final class AgentWiring {

    private AgentWiring() {
    }

    /** What the agent needs to know to act on its namespace. */
    record Settings(Optional<Path> netns, Path stateDir, Duration maxDuration, int controlPort, List<Cidr> exempt,
                    ModeDecision mode, Duration lease, boolean allowUnleased) {
    }

    static FaultManager open(Settings s, FaultListener... listeners) throws InterruptedException {
        return open(s, () -> listeners);
    }

    /**
     * As {@link #open(Settings, FaultListener...)}, with the listeners asked for only once the enforcer is made (the
     * kernel probed), so {@code serve} can build them while the probe runs.
     */
    static FaultManager open(Settings s, Supplier<FaultListener[]> listeners) throws InterruptedException {
        CommandRunner runner = runner(s);
        Enforcer enforcer = enforcer(runner, s);
        return Lifecycle.open(enforcer, new Journal(s.stateDir()), s.maxDuration(), s.lease(), listeners.get());
    }

    /**
     * Kernel mode's runner: processes in the target namespace, {@code nft} through libnftables when it loads there
     * (the path taken is logged once); the platform's enforcer runs no command.
     */
    static CommandRunner runner(Settings s) throws InterruptedException {
        CommandRunner processes = new NetnsRunner(new ProcessCommandRunner(), s.netns());
        if (s.mode().mode().equals(ModeDecision.PLATFORM)) {
            return processes;
        }
        return NftLoader.load(processes, s.netns(), Optional.of(s.stateDir())).runner();
    }

    /**
     * The enforcer of the decided mode: the platform's, or the kernel's. Operator exemptions reach every kernel spec
     * through the API's request mappers, so the plan context adds only the built-in ones.
     */
    static Enforcer enforcer(CommandRunner runner, Settings s) throws InterruptedException {
        if (s.mode().mode().equals(ModeDecision.PLATFORM)) {
            return PlatformWiring.enforcer(s.mode(), s.exempt());
        }
        return new ExplainedEnforcer(KernelEnforcer.create(runner, s.controlPort(), List.of(),
                new StateReadback(new StateReader(runner)), new KernelSweep(new Sweeper(runner)), s.lease(),
                s.allowUnleased()), s.mode().reason());
    }
}
