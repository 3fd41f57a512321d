package dev.netfault.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netfault list [--output table|json]}: every active fault ({@code GET /faults}). */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List active faults with what the kernel holds for each now.")
public final class ListCommand implements Callable<Integer> {

    /** Output formats of {@code list}. */
    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions agent;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "table (default) or json (the agent's answer, pretty-printed).")
    Format output;

    @Override
    public Integer call() {
        return Outcome.of(spec, () -> {
            JsonNode answer = agent.client().get("/faults");
            if (output == Format.json) {
                try {
                    spec.commandLine().getOut().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                spec.commandLine().getOut().print(FaultTable.render(FaultTable.faults(answer)));
            }
            return Outcome.OK;
        });
    }
}
