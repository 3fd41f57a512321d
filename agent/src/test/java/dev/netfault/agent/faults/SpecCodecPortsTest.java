package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports and Protocol in the journal: written when set, omitted otherwise, so entries written before them still read. */
class SpecCodecPortsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FaultSpec roundTrip(FaultSpec spec) throws Exception {
        return SpecCodec.read(JSON.readTree(JSON.writeValueAsString(SpecCodec.write(spec))));
    }

    @Test
    void writeRead_portsAndProtocol_roundTrip() throws Exception {
        LossSpec loss = LossSpec.random(20, JournalTest.FULL.withPorts(List.of(9001, 53)).withProtocol(Protocol.UDP));
        LatencySpec latency = new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all().withProtocol(Protocol.TCP));

        assertThat(roundTrip(loss)).isEqualTo(loss);
        assertThat(roundTrip(latency)).isEqualTo(latency);
        JsonNode t = SpecCodec.write(loss).get("targeting");
        assertThat(t.get("ports").toString()).isEqualTo("[9001,53]");
        assertThat(t.get("protocol").asText()).isEqualTo("udp");
        assertThat(SpecCodec.write(latency).get("targeting").has("ports")).isFalse();
    }

    @Test
    void write_withoutPorts_isTheFormatBeforePorts() throws Exception {
        LossSpec loss = LossSpec.random(7, JournalTest.FULL);

        assertThat(JSON.writeValueAsString(SpecCodec.write(loss).get("targeting"))).isEqualTo(
                "{\"sources\":[\"198.51.100.0/24\",\"2001:db8::1/128\"],\"exemptions\":[\"198.51.100.9/32\"],"
                        + "\"interface\":\"eth0\",\"flowsPercent\":50,\"direction\":\"ingress\"}");
    }

    @Test
    void read_anOldEntryWithoutPorts_targetsEveryPort() throws Exception {
        String old = "{\"kind\":\"loss\",\"lossPercent\":7,\"model\":\"random\",\"meanBurstPackets\":0,\"targeting\":"
                + "{\"sources\":[],\"exemptions\":[],\"interface\":null,\"flowsPercent\":100,\"direction\":\"egress\"}}";

        assertThat(SpecCodec.read(JSON.readTree(old))).isEqualTo(LossSpec.random(7, Targeting.all()));
    }

    @Test
    void read_editedIntoNonsense_isRefusedWithTheRecordsMessage() {
        String bad = "{\"kind\":\"loss\",\"lossPercent\":7,\"model\":\"random\",\"meanBurstPackets\":0,\"targeting\":"
                + "{\"sources\":[],\"exemptions\":[],\"interface\":null,\"flowsPercent\":100,\"direction\":\"egress\","
                + "\"ports\":[70000],\"protocol\":\"sctp\"}}";

        assertThatThrownBy(() -> SpecCodec.read(JSON.readTree(bad))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("protocol: 'sctp' (expected: tcp or udp)");
        assertThatThrownBy(() -> SpecCodec.read(JSON.readTree(bad.replace("sctp", "udp"))))
                .hasMessage("Ports: 70000 (expected: 1-65535)");
        assertThatThrownBy(() -> SpecCodec.read(JSON.readTree(bad.replace("sctp", "udp").replace("70000", "1.5"))))
                .hasMessage("ports: 1.5 (expected: 1-65535)");
    }
}
