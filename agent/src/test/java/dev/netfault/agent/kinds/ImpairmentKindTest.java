package dev.netfault.agent.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.impairment.ImpairmentSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The impairment descriptor: its journal fields (a file format), its view, its names and its conflict group. */
class ImpairmentKindTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ImpairmentKind kind = new ImpairmentKind();
    private final Targeting to = Targeting.all().withSources(List.of(Cidr.parse("198.51.100.7/32")));

    @Test
    void journal_everyFieldByName_andBack() throws Exception {
        ImpairmentSpec s = new ImpairmentSpec(50, 5, 25, Distribution.PARETO, 20, LossModel.BURST, 4, 1, 2, 10, to);
        ObjectNode n = JSON.createObjectNode();

        kind.writeJournal(s, n);

        assertThat(JSON.writeValueAsString(n)).isEqualTo("{\"delayMs\":50,\"jitterMs\":5,\"correlationPercent\":25,"
                + "\"distribution\":\"pareto\",\"lossPercent\":20,\"lossModel\":\"burst\",\"meanBurstPackets\":4,"
                + "\"corruptPercent\":1,\"duplicatePercent\":2,\"reorderPercent\":10}");
        assertThat(kind.readJournal(JSON.readTree(JSON.writeValueAsString(n)), to)).isEqualTo(s);
        ImpairmentSpec plain = new ImpairmentSpec(0, 0, 0, Distribution.NONE, 0, LossModel.RANDOM, 0, 3, 0, 0, to);
        ObjectNode p = JSON.createObjectNode();
        kind.writeJournal(plain, p);
        assertThat(kind.readJournal(p, to)).isEqualTo(plain);
    }

    @Test
    void parameters_onlyTheImpairmentsAskedFor_thenTheTargeting() {
        Map<String, Object> m = kind.parameters(new ImpairmentSpec(50, 0, 0, Distribution.NONE, 2, LossModel.RANDOM, 0, 0,
                1, 0, to));

        assertThat(m).containsExactly(Map.entry("DelayMilliseconds", 50L), Map.entry("LossPercent", 2L),
                Map.entry("DuplicatePercent", 1L), Map.entry("TrafficType", "egress"),
                Map.entry("Sources", List.of("198.51.100.7/32")), Map.entry("SourcesToFilter", List.of()),
                Map.entry("FlowsPercent", 100));
    }

    @Test
    void names_conflictGroupAndPlatform() {
        assertThat(kind.name()).isEqualTo("impairment");
        assertThat(kind.route()).isEqualTo("network-impairment");
        assertThat(kind.exclusiveGroup()).contains(Kinds.NETEM_ROOT);
        assertThat(new LatencyKind().exclusiveGroup()).isEqualTo(kind.exclusiveGroup());
        assertThat(new LossKind().exclusiveGroup()).isEqualTo(kind.exclusiveGroup());
        assertThat(kind.alreadyRunning()).isEqualTo("There is already one network impairment fault running");
        assertThat(kind.onPlatform()).isFalse();
        assertThat(kind.keyed()).isFalse();
        assertThat(kind.addSources()).isFalse();
    }
}
