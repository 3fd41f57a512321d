package dev.netfault.agent.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared parts of the {@code latency}, {@code loss} and {@code blackhole} command groups. */
abstract class FaultGroup implements Runnable {

    @Spec
    CommandSpec spec;

    /** A group alone is a usage error (exit 2): it needs start, stop or status. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: start, stop or status");
    }

    /** {@code stop} or {@code status} of a kind that needs no body (latency, loss). */
    abstract static class Simple implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions agent;

        abstract FaultRoute route();

        abstract boolean stop();

        @Override
        public Integer call() {
            return Outcome.of(spec, () -> {
                FaultActions actions = new FaultActions(spec, agent.client(), route(), route().kind());
                return stop() ? actions.stop(Map.of()) : actions.status(Map.of());
            });
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the running latency fault.")
    static final class LatencyStop extends Simple {
        FaultRoute route() {
            return FaultRoute.LATENCY;
        }

        boolean stop() {
            return true;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Print running or not-running.")
    static final class LatencyStatus extends Simple {
        FaultRoute route() {
            return FaultRoute.LATENCY;
        }

        boolean stop() {
            return false;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the running packet-loss fault.")
    static final class LossStop extends Simple {
        FaultRoute route() {
            return FaultRoute.LOSS;
        }

        boolean stop() {
            return true;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Print running or not-running.")
    static final class LossStatus extends Simple {
        FaultRoute route() {
            return FaultRoute.LOSS;
        }

        boolean stop() {
            return false;
        }
    }
}
