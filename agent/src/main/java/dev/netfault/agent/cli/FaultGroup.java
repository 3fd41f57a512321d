package dev.netfault.agent.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    /**
     * What every {@code start} shares: the agent to call and {@code --wait}. A subclass says what it starts in
     * {@link #start()}, building its bodies and {@link #actions} in the order it validates them.
     */
    abstract static class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions agent;

        @Option(names = "--wait", description = "Block until the fault expires (progress on stderr); Ctrl-C reverts it.")
        boolean wait;

        abstract int start() throws InterruptedException;

        @Override
        public Integer call() {
            return Outcome.of(spec, this::start);
        }

        /** The route of the kind whose group this {@code start} is in (the group's name is the kind's). */
        FaultRoute route() {
            return FaultRoute.of(spec.parent().name());
        }

        FaultActions actions(String label) {
            return new FaultActions(spec, agent.client(), route(), label);
        }

        int start(FaultActions actions, Map<String, Object> body, Map<String, Object> stopBody, TargetingOptions targeting)
                throws InterruptedException {
            return actions.start(body, stopBody, wait, Optional.ofNullable(targeting.duration));
        }
    }

    /**
     * {@code stop} or {@code status}: latency and loss need no body (one of each kind runs at a time; {@link KindControl});
     * a blackhole overrides {@link #body()} and {@link #label()} with its port, protocol and direction.
     */
    abstract static class Simple implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AgentOptions agent;

        abstract FaultRoute route();

        abstract boolean stop();

        Map<String, Object> body() {
            return Map.of();
        }

        String label() {
            return route().kind();
        }

        @Override
        public Integer call() {
            return Outcome.of(spec, () -> {
                FaultActions actions = new FaultActions(spec, agent.client(), route(), label());
                return stop() ? actions.stop(body()) : actions.status(body());
            });
        }
    }
}
