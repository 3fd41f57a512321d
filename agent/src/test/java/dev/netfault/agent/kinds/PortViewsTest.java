package dev.netfault.agent.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /faults}' parameters of a fault targeted by port: Ports and Protocol after the other targeting fields. */
class PortViewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Targeting TO_B = Targeting.all().withSources(List.of(Cidr.parse("198.51.100.2")));

    @Test
    void parameters_portsAndProtocolShownWhenSet() throws Exception {
        LossSpec loss = LossSpec.random(20, TO_B.withPorts(List.of(9001, 9003)).withProtocol(Protocol.UDP));
        LatencySpec latency = new LatencySpec(100, 0, 0, Distribution.NONE, TO_B.withProtocol(Protocol.TCP));

        assertThat(JSON.writeValueAsString(Kinds.parameters(loss))).isEqualTo("{\"LossPercent\":20,\"TrafficType\":\"egress\","
                + "\"Sources\":[\"198.51.100.2/32\"],\"SourcesToFilter\":[],\"FlowsPercent\":100,\"Ports\":[9001,9003],"
                + "\"Protocol\":\"udp\"}");
        assertThat(JSON.writeValueAsString(Kinds.parameters(latency))).endsWith(",\"FlowsPercent\":100,\"Protocol\":\"tcp\"}");
    }

    @Test
    void parameters_withoutPorts_unchanged() throws Exception {
        assertThat(JSON.writeValueAsString(Kinds.parameters(LossSpec.random(20, TO_B)))).isEqualTo("{\"LossPercent\":20,"
                + "\"TrafficType\":\"egress\",\"Sources\":[\"198.51.100.2/32\"],\"SourcesToFilter\":[],\"FlowsPercent\":100}");
    }
}
