package dev.netfault.bridge.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TransportMatchTest {

    @Test
    void of_noPortsNoProtocol_matchesEveryPacket() {
        assertThat(TransportMatch.of(Targeting.all())).isEmpty();
    }

    @Test
    void of_protocolOnly() {
        assertThat(TransportMatch.of(Targeting.all().withProtocol(Protocol.UDP))).isEqualTo("meta l4proto udp");
    }

    @Test
    void of_onePortOneProtocol() {
        assertThat(TransportMatch.of(Targeting.all().withPorts(List.of(5432)).withProtocol(Protocol.TCP)))
                .isEqualTo("meta l4proto tcp th dport 5432");
    }

    @Test
    void of_portsWithoutProtocol_matchBothTransports() {
        assertThat(TransportMatch.of(Targeting.all().withPorts(List.of(53, 5353))))
                .isEqualTo("meta l4proto { tcp, udp } th dport { 53, 5353 }");
    }

    @Test
    void targeting_refusesBadPorts() {
        assertThatThrownBy(() -> Targeting.all().withPorts(List.of(0))).hasMessage("Ports: 0 (expected: 1-65535)");
        assertThatThrownBy(() -> Targeting.all().withPorts(List.of(65536))).hasMessage("Ports: 65536 (expected: 1-65535)");
        assertThatThrownBy(() -> Targeting.all().withPorts(List.of(80, 80))).hasMessage("Ports: [80, 80] (expected: distinct ports)");
        List<Integer> many = IntStream.rangeClosed(1, 65).boxed().toList();
        assertThatThrownBy(() -> Targeting.all().withPorts(many)).hasMessage("Ports: 65 entries (expected: 1-64)");
        assertThat(Targeting.all().withPorts(IntStream.rangeClosed(1, 64).boxed().toList()).ports()).hasSize(64);
        assertThat(Targeting.all().withPorts(Collections.emptyList()).byTransport()).isFalse();
    }
}
