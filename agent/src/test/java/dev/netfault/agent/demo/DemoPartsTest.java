package dev.netfault.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.testing.RecordingRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPartsTest {

    @Test
    void setup_buildsTwoNamespacesJoinedByAVethPair() {
        DemoNetwork n = new DemoNetwork(new RecordingRunner());
        String s = n.client().substring(6, 10);

        assertThat(n.client()).matches("nfdemo[0-9a-f]{4}c").hasSizeLessThanOrEqualTo(15);
        assertThat(n.server()).isEqualTo("nfdemo" + s + "s");
        assertThat(n.setup()).extracting(Command::line).containsExactly(
                "ip netns add nfdemo" + s + "c",
                "ip netns add nfdemo" + s + "s",
                "ip link add nfd" + s + "c type veth peer name nfd" + s + "s",
                "ip link set nfd" + s + "c netns nfdemo" + s + "c",
                "ip link set nfd" + s + "s netns nfdemo" + s + "s",
                "ip -n nfdemo" + s + "c addr add 198.51.100.1/24 dev nfd" + s + "c",
                "ip -n nfdemo" + s + "s addr add 198.51.100.2/24 dev nfd" + s + "s",
                "ip -n nfdemo" + s + "c link set nfd" + s + "c up",
                "ip -n nfdemo" + s + "s link set nfd" + s + "s up",
                "ip -n nfdemo" + s + "c link set lo up",
                "ip -n nfdemo" + s + "s link set lo up");
    }

    @Test
    void create_failureDeletesWhatWasMade() throws InterruptedException {
        RecordingRunner runner = new RecordingRunner()
                .when("type veth", new dev.netfault.bridge.exec.CommandResult(2, "", "RTNETLINK answers: File exists"));
        DemoNetwork n = new DemoNetwork(runner);

        org.assertj.core.api.Assertions.assertThatThrownBy(n::create)
                .hasMessageContaining("failed (exit 2): RTNETLINK answers: File exists");
        assertThat(runner.lines()).endsWith("ip netns del " + n.client(), "ip netns del " + n.server());
    }

    @Test
    void line_showsRatePercentilesAndErrors() {
        assertThat(LoadStats.line(List.of(300L, 500L, 400L, 20_000L), 2, 2.0))
                .isEqualTo("rate    2 req/s  p50    0.4 ms  p99   20.0 ms  errors 2");
        assertThat(LoadStats.line(List.of(), 4, 1.0)).isEqualTo("rate    0 req/s  p50         -  p99         -  errors 4");
    }
}
