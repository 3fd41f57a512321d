package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every kind in Kinds.ALL has its CLI group with start, stop and status, stop and status calling the kind's route. */
class KindCommandsTest {

    @Test
    void commandLine_everyKindHasStartStopStatus() {
        Map<String, CommandLine> groups = NetfaultCommand.commandLine().getSubcommands();
        for (FaultKind<?> k : Kinds.ALL) {
            assertThat(groups).as("the CLI group of %s", k.name()).containsKey(k.name());
            assertThat(groups.get(k.name()).getSubcommands()).containsOnlyKeys("start", "stop", "status");
            Object stop = groups.get(k.name()).getSubcommands().get("stop").getCommand();
            FaultRoute route = ((FaultGroup.Simple) stop).route();
            assertThat(route.path("stop")).isEqualTo("/fault/v1/" + k.route() + "/stop");
            assertThat(stop instanceof KindControl).as(k.name()).isEqualTo(!k.keyed());
        }
    }
}
