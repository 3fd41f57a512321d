package dev.netfault.agent.api;

import dev.netfault.agent.dns.HostnameSources;
import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultService;
import dev.netfault.bridge.target.Cidr;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The nine ECS routes {@code /fault/v1/<kind>/<op>} and the two add-sources routes of latency and packet loss. Preparing a call parses and validates the body on the caller's
 * thread (cheap, never blocks, changes nothing); the returned {@link Call} does the blocking lifecycle work.
 */
final class EcsRoutes {

    static final String LATENCY = "network-latency";
    static final String LOSS = "network-packet-loss";
    static final String BLACKHOLE = "network-blackhole-port";

    private final FaultService faults;
    private final LatencyRequestMapper latency;
    private final LossRequestMapper loss;
    private final BlackholeRequestMapper blackhole;
    private final AddSourcesRequestMapper addSources = new AddSourcesRequestMapper();
    private final HostnameSources hostnames;

    EcsRoutes(FaultService faults, List<Cidr> agentExemptions) {
        this(faults, agentExemptions, null);
    }

    EcsRoutes(FaultService faults, List<Cidr> agentExemptions, HostnameSources hostnames) {
        this.hostnames = hostnames;
        this.faults = Objects.requireNonNull(faults, "faults");
        this.latency = new LatencyRequestMapper(agentExemptions, hostnames != null);
        this.loss = new LossRequestMapper(agentExemptions, hostnames != null);
        this.blackhole = new BlackholeRequestMapper(agentExemptions, hostnames != null);
    }

    /** The ECS agent's request type for messages: {@code start network-latency}, {@code check status ...}. */
    static String operation(String kind, String op) {
        String verb = switch (op) {
            case "status" -> "check status";
            case "add-sources" -> "add sources";
            default -> op;
        };
        return verb + " " + kind;
    }

    static boolean known(String kind, String op) {
        return (kind.equals(LATENCY) || kind.equals(LOSS) || kind.equals(BLACKHOLE))
                && (op.equals("start") || op.equals("stop") || op.equals("status"))
                || (kind.equals(LATENCY) || kind.equals(LOSS)) && op.equals("add-sources");
    }

    /** Validates the request; empty when the route is unknown. Throws IllegalArgumentException for bad input. */
    Optional<Call> prepare(String kind, String op, byte[] body) {
        if (!known(kind, op)) {
            return Optional.empty();
        }
        if (op.equals("start")) {
            FaultRequest r = switch (kind) {
                case LATENCY -> latency.map(body);
                case LOSS -> loss.map(body);
                default -> blackhole.map(body);
            };
            if (!r.hostnames().isEmpty() && hostnames == null) {
                throw Fields.invalid(r.hostnames().get(0), "Sources"); // hostnames not enabled here
            }
            return Optional.of(() -> {
                ActiveFault f = r.hostnames().isEmpty() ? faults.start(r.spec(), r.duration())
                        : hostnames.start(r.spec(), r.hostnames(), r.duration());
                // an extension field ECS clients ignore: only a fault the kernel cannot let lapse carries it
                return f == null || f.unleasedReason().isEmpty() ? ApiResponse.status("running")
                        : ApiResponse.json(HttpResponseStatus.OK, Map.of("Status", "running",
                                "Unleased", f.unleasedReason().get()));
            });
        }
        if (op.equals("add-sources")) {
            AddSourcesRequestMapper.AddSources r = addSources.map(body);
            FaultKey key = kind.equals(LATENCY) ? FaultKey.latency() : FaultKey.loss();
            return Optional.of(() -> {
                faults.addSources(key, r.sources(), r.exemptions());
                return ApiResponse.status("running");
            });
        }
        FaultKey key = switch (kind) {
            case LATENCY -> FaultKey.latency();
            case LOSS -> FaultKey.loss();
            default -> blackhole.key(body);
        };
        if (op.equals("stop")) {
            return Optional.of(() -> {
                faults.stop(key);
                return ApiResponse.status("stopped");
            });
        }
        return Optional.of(() -> ApiResponse.status(faults.running(key) ? "running" : "not-running"));
    }
}
