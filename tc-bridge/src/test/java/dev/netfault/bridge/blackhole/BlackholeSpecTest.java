package dev.netfault.bridge.blackhole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlackholeSpecTest {

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void new_rejectsPortsOutOfRange(int port) {
        assertThatThrownBy(() -> new BlackholeSpec(port, Protocol.TCP, Direction.EGRESS, Targeting.all()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port: " + port + " (expected: 1-65535)");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 65535})
    void new_acceptsPortBounds(int port) {
        assertThat(new BlackholeSpec(port, Protocol.UDP, Direction.INGRESS, Targeting.all()).port()).isEqualTo(port);
    }

    @Test
    void new_rejectsASampleOfFlows() {
        assertThatThrownBy(() -> new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, Targeting.all().withFlowsPercent(50)))
                .hasMessage("flowsPercent: 50 (expected: 100 for a blackhole)");
    }

    @Test
    void new_takesTheDirectionIntoTheTargeting() {
        BlackholeSpec s = new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS, Targeting.all());
        assertThat(s.targeting().direction()).isEqualTo(Direction.INGRESS);
        assertThat(s.key()).isEqualTo("ingress-tcp-443");
        assertThat(s.kind()).isEqualTo("blackhole");
    }

    @Test
    void new_requiresProtocolDirectionAndTargeting() {
        assertThatThrownBy(() -> new BlackholeSpec(443, null, Direction.EGRESS, Targeting.all())).hasMessage("protocol");
        assertThatThrownBy(() -> new BlackholeSpec(443, Protocol.TCP, null, Targeting.all())).hasMessage("direction");
        assertThatThrownBy(() -> new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, null)).hasMessage("targeting");
    }
}
