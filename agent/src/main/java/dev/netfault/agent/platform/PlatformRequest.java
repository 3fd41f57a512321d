package dev.netfault.agent.platform;

import dev.netfault.bridge.plan.Command;
import java.util.List;
import java.util.Objects;

/**
 * One request to the platform's fault endpoints: a route under {@code ${ECS_AGENT_URI}}, e.g.
 * {@code /fault/v1/network-latency/start}, and its JSON body (empty for latency and loss stop and status).
 *
 * <p>It travels in an {@link dev.netfault.agent.faults.AppliedFault}'s command lists as
 * {@code POST <route>} with the body as standard input, so the journal keeps the exact requests that apply and revert a
 * fault, and logs show them as an operator would send them with curl.
 */
public record PlatformRequest(String route, String body) {

    private static final String METHOD = "POST";

    public PlatformRequest {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(body, "body");
        if (!route.startsWith("/fault/v1/network-")) {
            throw new IllegalArgumentException("route: '" + route + "' (expected: /fault/v1/network-...)");
        }
    }

    public Command toCommand() {
        Command c = Command.of(METHOD, route);
        return body.isEmpty() ? c : c.withStdin(body);
    }

    public static PlatformRequest of(Command c) {
        List<String> argv = c.argv();
        if (argv.size() != 2 || !argv.get(0).equals(METHOD)) {
            throw new IllegalArgumentException("command: '" + c.line() + "' (expected: POST <route> of a platform fault)");
        }
        return new PlatformRequest(argv.get(1), c.stdin() == null ? "" : c.stdin());
    }

    /** The ECS operation name used in error messages, e.g. {@code start network-latency}. */
    public String operation() {
        String[] parts = route.split("/");
        return parts[parts.length - 1] + " " + parts[parts.length - 2];
    }
}
