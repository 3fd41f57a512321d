package dev.netfault.agent.cli;

import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;

/**
 * The ECS route family of a fault kind: {@code /fault/v1/<route>/{start,stop,status}}, from its descriptor.
 *
 * @param kind  the kind as the CLI and {@code GET /faults} name it (its command's name)
 * @param route the ECS route segment
 */
record FaultRoute(String kind, String route) {

    static FaultRoute of(FaultKind<?> k) {
        return new FaultRoute(k.name(), k.route());
    }

    /** The route of the kind whose CLI command is {@code command} ({@code latency}). */
    static FaultRoute of(String command) {
        return of(Kinds.byName(command).orElseThrow(() -> new IllegalArgumentException("kind: '" + command
                + "' (expected: " + Kinds.names() + ")")));
    }

    String path(String action) {
        return "/fault/v1/" + route + "/" + action;
    }
}
