package dev.netfault.agent.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a method and decoded path to a route: the ECS routes at {@code /fault/v1/<kind>/<op>} and under any
 * {@code /api/<id>/} prefix (the id one path segment, not {@code .} or {@code ..}), and the agent's own routes at the
 * root. An unknown path is a 404, a known path with another method a 405 naming the allowed ones.
 */
final class Routes {

    private static final Pattern PREFIXED = Pattern.compile("/api/([^/]+)(/fault/v1/.*)");
    private static final Pattern ECS = Pattern.compile("/fault/v1/([a-z-]+)/([a-z-]+)");
    private static final int MAX_ECHO = 200;

    private final EcsRoutes ecs;
    private final AgentRoutes agent;

    Routes(EcsRoutes ecs, AgentRoutes agent) {
        this.ecs = ecs;
        this.agent = agent;
    }

    /** A resolved request: either an immediate answer or a blocking call named by its operation. */
    record Dispatch(String operation, ApiResponse immediate, Call call) {
        static Dispatch answer(ApiResponse r) {
            return new Dispatch(null, r, null);
        }
    }

    Dispatch resolve(HttpMethod method, String path, byte[] body) {
        Matcher prefixed = PREFIXED.matcher(path);
        if (prefixed.matches() && !prefixed.group(1).equals(".") && !prefixed.group(1).equals("..")) {
            path = prefixed.group(2);
        }
        Matcher m = ECS.matcher(path);
        if (m.matches() && EcsRoutes.known(m.group(1), m.group(2))) {
            if (!method.equals(HttpMethod.POST)) {
                return notAllowed(method, path, "POST");
            }
            String operation = EcsRoutes.operation(m.group(1), m.group(2));
            try {
                Optional<Call> call = ecs.prepare(m.group(1), m.group(2), body);
                return new Dispatch(operation, null, call.orElseThrow());
            } catch (IllegalArgumentException e) {
                return Dispatch.answer(ErrorTable.toResponse(operation, e));
            }
        }
        switch (path) {
            case "/faults":
                if (method.equals(HttpMethod.GET)) {
                    return new Dispatch("list faults", null, agent.list());
                }
                if (method.equals(HttpMethod.DELETE)) {
                    return new Dispatch("stop all faults", null, agent.stopAll());
                }
                return notAllowed(method, path, "GET, DELETE");
            case "/healthz":
                return method.equals(HttpMethod.GET) ? new Dispatch("health", null, agent.health())
                        : notAllowed(method, path, "GET");
            case "/metrics":
                return method.equals(HttpMethod.GET) ? new Dispatch("metrics", null, agent.metrics())
                        : notAllowed(method, path, "GET");
            default:
                return Dispatch.answer(ApiResponse.error(HttpResponseStatus.NOT_FOUND, "no route " + echo(path)));
        }
    }

    private static Dispatch notAllowed(HttpMethod method, String path, String allowed) {
        return Dispatch.answer(ApiResponse.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method " + echo(method.name()) + " not allowed on " + path + " (expected: " + allowed + ")")
                .withHeader("Allow", allowed));
    }

    private static String echo(String s) {
        return s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...";
    }
}
