package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.bandwidth.BandwidthSpec;
import dev.netfault.bridge.target.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bandwidth limit in the journal (every field, exact format) and in GET /faults' parameters view. */
class SpecCodecBandwidthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BandwidthSpec FULL = new BandwidthSpec(500, 64, JournalTest.FULL.withFlowsPercent(100)
            .withPorts(List.of(5432, 5433)).withProtocol(Protocol.TCP));

    @Test
    void writeRead_everyField_roundTrips_inAFixedFormat() throws Exception {
        String text = JSON.writeValueAsString(SpecCodec.write(FULL));

        assertThat(text).isEqualTo("{\"kind\":\"bandwidth\",\"rateKbit\":500,\"burstKbytes\":64,\"targeting\":{\"sources\":"
                + "[\"198.51.100.0/24\",\"2001:db8::1/128\"],\"exemptions\":[\"198.51.100.9/32\"],\"interface\":\"eth0\","
                + "\"flowsPercent\":100,\"direction\":\"ingress\",\"ports\":[5432,5433],\"protocol\":\"tcp\"}}");
        assertThat(SpecCodec.read(JSON.readTree(text))).isEqualTo(FULL);
        BandwidthSpec auto = new BandwidthSpec(2_000, 0, dev.netfault.bridge.target.Targeting.all());
        assertThat(SpecCodec.read(JSON.readTree(JSON.writeValueAsString(SpecCodec.write(auto))))).isEqualTo(auto);
    }

    @Test
    void read_missingOrInvalidField_isRefusedNamingIt() throws Exception {
        String text = JSON.writeValueAsString(SpecCodec.write(FULL));
        assertThatThrownBy(() -> SpecCodec.read(JSON.readTree(text.replace("\"rateKbit\":500,", ""))))
                .hasMessage("rateKbit: missing (expected: a value in the journal entry)");
        assertThatThrownBy(() -> SpecCodec.read(JSON.readTree(text.replace("\"rateKbit\":500", "\"rateKbit\":0"))))
                .hasMessage("RateKilobitsPerSecond: 0 (expected: 8-10000000)");
    }

    @Test
    void parameters_areTheStartBodysFields() {
        assertThat(Kinds.parameters(FULL)).containsExactly(java.util.Map.entry("RateKilobitsPerSecond", 500L),
                java.util.Map.entry("BurstKilobytes", 64L), java.util.Map.entry("TrafficType", "ingress"),
                java.util.Map.entry("Sources", List.of("198.51.100.0/24", "2001:db8::1/128")),
                java.util.Map.entry("SourcesToFilter", List.of("198.51.100.9/32")), java.util.Map.entry("Interface", "eth0"),
                java.util.Map.entry("Ports", List.of(5432, 5433)), java.util.Map.entry("Protocol", "tcp"));
        assertThat(Kinds.parameters(new BandwidthSpec(2_000, 0, dev.netfault.bridge.target.Targeting.all())))
                .doesNotContainKeys("BurstKilobytes", "FlowsPercent", "Ports", "Protocol");
    }
}
