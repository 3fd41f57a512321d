package dev.netfault.agent.api;

import dev.netfault.agent.dns.HostnameSources;
import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultService;
import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.target.Cidr;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ECS routes {@code /fault/v1/<route>/{start,stop,status}} of every kind in {@link Kinds#ALL}, and
 * {@code add-sources} of the kinds that serve it (latency and packet loss). Preparing a call parses and validates the
 * body on the caller's thread (cheap, never blocks, changes nothing); the returned {@link Call} does the blocking
 * lifecycle work.
 */
final class EcsRoutes {

    private final FaultService faults;
    private final EcsMappers mappers;
    private final AddSourcesRequestMapper addSources = new AddSourcesRequestMapper();
    private final HostnameSources hostnames;

    EcsRoutes(FaultService faults, List<Cidr> agentExemptions) {
        this(faults, agentExemptions, null);
    }

    EcsRoutes(FaultService faults, List<Cidr> agentExemptions, HostnameSources hostnames) {
        this.hostnames = hostnames;
        this.faults = Objects.requireNonNull(faults, "faults");
        this.mappers = new EcsMappers(agentExemptions, hostnames != null);
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

    static boolean known(String route, String op) {
        return Kinds.byRoute(route).map(k -> op.equals("start") || op.equals("stop") || op.equals("status")
                || k.addSources() && op.equals("add-sources")).orElse(false);
    }

    /** Validates the request; empty when the route is unknown. Throws IllegalArgumentException for bad input. */
    Optional<Call> prepare(String route, String op, byte[] body) {
        if (!known(route, op)) {
            return Optional.empty();
        }
        FaultKind<?> kind = Kinds.byRoute(route).orElseThrow();
        KindRequestMapper mapper = mappers.of(kind).orElseThrow(
                () -> new IllegalStateException(kind.name() + ": no ECS request mapper (see EcsMappers)"));
        if (op.equals("start")) {
            FaultRequest r = mapper.map(body);
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
            FaultKey key = new FaultKey(kind.name(), null);
            return Optional.of(() -> {
                faults.addSources(key, r.sources(), r.exemptions());
                return ApiResponse.status("running");
            });
        }
        FaultKey key = mapper.keyOf(body).orElseGet(() -> new FaultKey(kind.name(), null));
        if (op.equals("stop")) {
            return Optional.of(() -> {
                faults.stop(key);
                return ApiResponse.status("stopped");
            });
        }
        return Optional.of(() -> ApiResponse.status(faults.running(key) ? "running" : "not-running"));
    }
}
