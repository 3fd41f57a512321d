package dev.netfault.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.agent.client.AgentClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** start / stop / status of one fault kind over the ECS routes, printing {@code <label>: <Status>}. */
final class FaultActions {

    private final CommandSpec spec;
    private final AgentClient client;
    private final FaultRoute route;
    private final String label;

    FaultActions(CommandSpec spec, AgentClient client, FaultRoute route, String label) {
        this.spec = spec;
        this.client = client;
        this.route = route;
        this.label = label;
    }

    /** Starts the fault; with {@code wait} blocks until it ends, reverting it if the CLI is interrupted. */
    int start(Map<String, Object> body, Map<String, Object> stopBody, boolean wait, Optional<Duration> duration)
            throws InterruptedException {
        String status = status(client.post(route.path("start"), body));
        PrintWriter out = spec.commandLine().getOut();
        out.println(label + ": " + status);
        out.flush();
        if (!wait) {
            return Outcome.OK;
        }
        FaultWaiter waiter = new FaultWaiter(client, route, label, stopBody, spec.commandLine().getErr(), Duration.ofSeconds(1));
        return waiter.await(duration) ? Outcome.OK : Outcome.FAILURE;
    }

    int stop(Map<String, Object> body) throws InterruptedException {
        spec.commandLine().getOut().println(label + ": " + status(client.post(route.path("stop"), body)));
        return Outcome.OK;
    }

    int status(Map<String, Object> body) throws InterruptedException {
        spec.commandLine().getOut().println(label + ": " + status(client.post(route.path("status"), body)));
        return Outcome.OK;
    }

    static String status(JsonNode answer) {
        JsonNode s = answer.isObject() ? answer.get("Status") : null;
        return s == null ? answer.toString() : s.asText();
    }
}
