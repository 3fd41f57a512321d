package dev.netfault.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.api.BandwidthRequestMapper;
import dev.netfault.agent.api.BlackholeRequestMapper;
import dev.netfault.agent.api.FaultRequest;
import dev.netfault.agent.api.ImpairmentRequestMapper;
import dev.netfault.agent.api.LatencyRequestMapper;
import dev.netfault.agent.api.LossRequestMapper;
import dev.netfault.agent.doctor.Doctor;
import dev.netfault.agent.faults.MaxDuration;
import dev.netfault.agent.platform.CapEff;
import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.ForeignQdiscException;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code netfault plan <latency|loss|blackhole> [options]}: prints the exact commands a fault would run here (apply,
 * verify, revert) and applies nothing. The options are those of {@code start}, read by the agent's own request mappers.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the kernel commands a fault would run in this namespace (apply, verify, revert); applies nothing.",
        subcommands = {PlanCommand.Latency.class, PlanCommand.Loss.class, PlanCommand.Blackhole.class,
            PlanCommand.Impairment.class, PlanCommand.Bandwidth.class})
public final class PlanCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing fault kind: "
                + spec.subcommands().values().stream().distinct().map(CommandLine::getCommandName)
                        .collect(java.util.stream.Collectors.joining(", ")));
    }

    /** Where and as-of-when to plan. */
    static final class Where {
        @Option(names = "--netns", paramLabel = "PATH|NAME", description = "Plan for this namespace instead of our own.")
        String netns;

        @Option(names = "--assume-default", description = "Do not probe: assume one interface eth0 with the"
                + " kernel-default root qdisc and every capability.")
        boolean assumeDefault;

        @Option(names = "--lease", defaultValue = "15s", converter = HumanDuration.class, paramLabel = "DURATION",
                description = "Plan with the lease of an agent started with this --lease (3s-10m; default:"
                        + " ${DEFAULT-VALUE}).")
        Duration lease;

        @Option(names = "--id", hidden = true, paramLabel = "HEX", description = "The fault id to plan with (tests).")
        String id;

        @Option(names = "--at", hidden = true, paramLabel = "INSTANT", description = "Plan as if now were this UTC instant (tests).")
        String at;
    }

    abstract static class Kind implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where;

        abstract FaultRequest request(byte[] json);

        abstract Map<String, Object> body();

        @Override
        public Integer call() {
            return Outcome.of(spec, () -> {
                FaultRequest request = request(json(body()));
                FaultId id = where.id == null ? FaultId.random() : new FaultId(where.id);
                Instant now = where.at == null ? Instant.now() : Instant.parse(where.at);
                Optional<Path> netns = Optional.ofNullable(where.netns).map(NetnsRunner::resolve);
                NamespaceView view = NamespaceView.probe(netns, where.assumeDefault, privileged());
                PlanContext context = PlanContext.of(now.plus(request.duration().orElse(MaxDuration.VALUE)),
                        PlanContext.DEFAULT_CONTROL_PORT, List.of(), PlanContext.requireLease(where.lease));
                Plan plan;
                try {
                    plan = new FaultPlanner().plan(id, request.spec(), view.facts(), context);
                } catch (UnsupportedFaultException | ForeignQdiscException e) {
                    spec.commandLine().getOut().println(view.comment());
                    spec.commandLine().getErr().println("netfault: cannot plan this fault here: " + e.getMessage());
                    return Outcome.FAILURE;
                }
                spec.commandLine().getOut().println(view.comment());
                spec.commandLine().getOut().print(plan.render());
                return Outcome.OK;
            });
        }
    }

    @Command(name = "latency", mixinStandardHelpOptions = true, description = "Plan a latency fault.")
    static final class Latency extends Kind {
        @Mixin
        LatencyOptions fault;

        FaultRequest request(byte[] json) {
            return new LatencyRequestMapper(List.of()).map(json);
        }

        Map<String, Object> body() {
            return fault.body();
        }
    }

    @Command(name = "loss", mixinStandardHelpOptions = true, description = "Plan a packet-loss fault.")
    static final class Loss extends Kind {
        @Mixin
        LossOptions fault;

        FaultRequest request(byte[] json) {
            return new LossRequestMapper(List.of()).map(json);
        }

        Map<String, Object> body() {
            return fault.body();
        }
    }

    @Command(name = "bandwidth", mixinStandardHelpOptions = true, description = "Plan a bandwidth limit.")
    static final class Bandwidth extends Kind {
        @Mixin
        BandwidthOptions fault;

        FaultRequest request(byte[] json) {
            return new BandwidthRequestMapper(List.of()).map(json);
        }

        Map<String, Object> body() {
            return fault.body();
        }
    }

    @Command(name = "blackhole", mixinStandardHelpOptions = true, description = "Plan a blackhole.")
    static final class Blackhole extends Kind {
        @Mixin
        BlackholeCommand.Key key;

        @Mixin
        TargetingOptions targeting;

        FaultRequest request(byte[] json) {
            return new BlackholeRequestMapper(List.of()).map(json);
        }

        Map<String, Object> body() {
            Map<String, Object> body = new java.util.LinkedHashMap<>(key.body());
            targeting.putInto(body, false);
            return body;
        }
    }

    @Command(name = "impairment", aliases = "impair", mixinStandardHelpOptions = true, description = "Plan an impairment.")
    static final class Impairment extends Kind {
        @Mixin
        ImpairmentOptions fault;

        FaultRequest request(byte[] json) {
            return new ImpairmentRequestMapper(List.of()).map(json);
        }

        Map<String, Object> body() {
            return fault.body();
        }
    }

    static byte[] json(Map<String, Object> body) {
        try {
            return new ObjectMapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean privileged() {
        return Doctor.hasNetAdmin(CapEff.selfStatus());
    }
}
