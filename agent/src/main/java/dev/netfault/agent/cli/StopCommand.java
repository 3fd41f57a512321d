package dev.netfault.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netfault stop --all}: the kill switch ({@code DELETE /faults}). */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop every fault the agent applied (to stop one kind: netfault <kind> stop).")
public final class StopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions agent;

    @Option(names = "--all", required = true, description = "Stop everything (required, so it is never done by accident).")
    boolean all;

    @Override
    public Integer call() {
        return Outcome.of(spec, () -> {
            List<JsonNode> stopped = FaultTable.faults(agent.client().delete("/faults"));
            if (stopped.isEmpty()) {
                spec.commandLine().getOut().println("stopped: nothing was running");
            }
            for (JsonNode f : stopped) {
                spec.commandLine().getOut().println("stopped: " + FaultTable.text(f, "type", "kind") + " "
                        + FaultTable.text(f, "id"));
            }
            return Outcome.OK;
        });
    }
}
