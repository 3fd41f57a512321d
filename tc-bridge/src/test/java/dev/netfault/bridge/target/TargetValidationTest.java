package dev.netfault.bridge.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TargetValidationTest {

    @ParameterizedTest
    @CsvSource({"198.51.100.7, 198.51.100.7/32", "198.51.100.7/24, 198.51.100.0/24", "0.0.0.0/0, 0.0.0.0/0",
            "2001:db8::1, 2001:db8::1/128", "2001:db8:ffff::/32, 2001:db8::/32", "::/0, ::/0"})
    void parse_acceptsAddressesAndNetworks(String text, String expected) {
        assertThat(Cidr.parse(text)).hasToString(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.256", "198.51.100.7/33", "2001:db8::/129", "example.com", "198.51.100", "1.2.3.4/x", " "})
    void parse_rejectsWhatIsNotALiteralAddress(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("address: '" + text + "' (expected: an IPv4 or IPv6 address or CIDR");
    }

    @Test
    void contains_onlyTheSameFamilyAndNarrowerNetworks() {
        assertThat(Cidr.parse("198.51.100.0/24").contains(Cidr.parse("198.51.100.7"))).isTrue();
        assertThat(Cidr.parse("198.51.100.7").contains(Cidr.parse("198.51.100.0/24"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.parse("2001:db8::1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "eth 0", "-eth0", ".", "..", "abcdefghijklmnop", "eth0:1"})
    void interfaceName_rejectsNamesLinuxRefuses(String name) {
        assertThatThrownBy(() -> InterfaceName.of(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("interface: '" + name + "' (expected: a Linux interface name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth0", "ens5", "veth.1", "br-1a2b", "a", "abcdefghijklmno"})
    void interfaceName_acceptsLinuxNames(String name) {
        assertThat(InterfaceName.of(name).value()).isEqualTo(name);
    }

    @Test
    void parse_directionAndProtocolNameTheField() {
        assertThat(Direction.parse("trafficType", " Ingress ")).isEqualTo(Direction.INGRESS);
        assertThat(Protocol.parse("protocol", "UDP")).isEqualTo(Protocol.UDP);
        assertThatThrownBy(() -> Direction.parse("trafficType", "both"))
                .hasMessage("trafficType: 'both' (expected: egress or ingress)");
        assertThatThrownBy(() -> Protocol.parse("protocol", "icmp")).hasMessage("protocol: 'icmp' (expected: tcp or udp)");
        assertThatThrownBy(() -> Protocol.parse("protocol", null)).hasMessage("protocol: 'null' (expected: tcp or udp)");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void targeting_rejectsFlowsPercentOutOfRange(int flows) {
        assertThatThrownBy(() -> Targeting.all().withFlowsPercent(flows)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flowsPercent: " + flows + " (expected: 1-100)");
    }

    @Test
    void targeting_acceptsFlowsPercentBounds() {
        assertThat(Targeting.all().withFlowsPercent(1).flowsPercent()).isEqualTo(1);
        assertThat(Targeting.all().withFlowsPercent(100).flowsPercent()).isEqualTo(100);
    }

    @Test
    void targeting_limitsTheNumberOfAddresses() {
        List<Cidr> many = Collections.nCopies(Targeting.MAX_ADDRESSES + 1, Cidr.parse("198.51.100.1"));
        assertThatThrownBy(() -> Targeting.all().withSources(many))
                .hasMessage("sources: 10001 entries (expected: at most 10000)");
        assertThatThrownBy(() -> Targeting.all().withExemptions(many))
                .hasMessage("sourcesToFilter: 10001 entries (expected: at most 10000)");
        assertThat(Targeting.all().withSources(many.subList(0, Targeting.MAX_ADDRESSES)).sources()).hasSize(10_000);
    }

    @Test
    void targeting_requiresEveryComponent() {
        assertThatThrownBy(() -> new Targeting(null, List.of(), Optional.empty(), 100, Direction.EGRESS))
                .isInstanceOf(NullPointerException.class).hasMessage("sources");
        assertThatThrownBy(() -> new Targeting(List.of(), List.of(), Optional.empty(), 100, null))
                .isInstanceOf(NullPointerException.class).hasMessage("direction");
    }
}
