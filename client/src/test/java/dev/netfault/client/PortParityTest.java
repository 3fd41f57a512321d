package dev.netfault.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.api.ImpairmentRequestMapper;
import dev.netfault.agent.api.LatencyRequestMapper;
import dev.netfault.agent.api.LossRequestMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@code ports(...)} and {@code protocol(...)} of the latency and loss builders against the agent's own mappers, on
 * random port lists: the client refuses exactly what the agent refuses, with its message, and sends what it maps.
 */
class PortParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LatencyRequestMapper latency = new LatencyRequestMapper(List.of());
    private final LossRequestMapper loss = new LossRequestMapper(List.of());
    private final ImpairmentRequestMapper impairment = new ImpairmentRequestMapper(List.of());

    @Property(tries = 800)
    void loss_portsAgree(@ForAll("ports") List<Integer> ports, @ForAll("protocol") Protocol protocol,
            @ForAll("iface") String iface) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("LossPercent", 20);
        raw.put("Sources", List.of("198.51.100.2"));
        if (iface != null) raw.put("Interface", iface);
        if (!ports.isEmpty()) raw.put("Ports", ports);
        if (protocol != null) raw.put("Protocol", protocol.wire());
        compare(raw, () -> {
            PacketLossFault.Builder b = PacketLossFault.builder().lossPercent(20).sources("198.51.100.2").ports(ports);
            if (iface != null) b.networkInterface(iface);
            if (protocol != null) b.protocol(protocol);
            return b.build();
        }, loss::map);
    }

    @Property(tries = 800)
    void latency_portsAgree(@ForAll("ports") List<Integer> ports, @ForAll("protocol") Protocol protocol,
            @ForAll("iface") String iface) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("DelayMilliseconds", 100);
        raw.put("JitterMilliseconds", 0);
        raw.put("Sources", List.of("198.51.100.2"));
        if (iface != null) raw.put("Interface", iface);
        if (!ports.isEmpty()) raw.put("Ports", ports);
        if (protocol != null) raw.put("Protocol", protocol.wire());
        compare(raw, () -> {
            LatencyFault.Builder b = LatencyFault.builder().delayMillis(100).sources("198.51.100.2").ports(ports);
            if (iface != null) b.networkInterface(iface);
            if (protocol != null) b.protocol(protocol);
            return b.build();
        }, latency::map);
    }

    @Property(tries = 800)
    void impairment_portsAgree(@ForAll("ports") List<Integer> ports, @ForAll("protocol") Protocol protocol,
            @ForAll("iface") String iface) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("DelayMilliseconds", 50);
        raw.put("DuplicatePercent", 1);
        raw.put("Sources", List.of("198.51.100.2"));
        if (iface != null) raw.put("Interface", iface);
        if (!ports.isEmpty()) raw.put("Ports", ports);
        if (protocol != null) raw.put("Protocol", protocol.wire());
        compare(raw, () -> {
            ImpairmentFault.Builder b = ImpairmentFault.builder().delayMillis(50).duplicatePercent(1)
                    .sources("198.51.100.2").ports(ports);
            if (iface != null) b.networkInterface(iface);
            if (protocol != null) b.protocol(protocol);
            return b.build();
        }, impairment::map);
    }

    @Test
    void build_portsAndProtocol_areSentAsTheExtensions() {
        PacketLossFault f = PacketLossFault.builder().lossPercent(20).sources("198.51.100.2").ports(9001, 9002)
                .protocol(Protocol.UDP).build();

        assertThat(f.toJson()).containsEntry("Ports", List.of(9001, 9002)).containsEntry("Protocol", "udp");
        assertThat(LatencyFault.builder().delayMillis(5).sources("198.51.100.2").build().toJson())
                .doesNotContainKeys("Ports", "Protocol");
    }

    @Provide
    Arbitrary<List<Integer>> ports() {
        Arbitrary<Integer> one = Arbitraries.oneOf(Arbitraries.integers().between(-2, 3),
                Arbitraries.integers().between(65_533, 65_538), Arbitraries.integers().between(1, 65_535));
        return Arbitraries.oneOf(one.list().ofMaxSize(4).injectDuplicates(0.2),
                Arbitraries.integers().between(1, 200).list().uniqueElements().ofMinSize(62).ofMaxSize(66));
    }

    @Provide
    Arbitrary<Protocol> protocol() {
        return Arbitraries.of(Protocol.class).injectNull(0.4);
    }

    @Provide
    Arbitrary<String> iface() {
        return Arbitraries.of("eth0", "-x").injectNull(0.7);
    }

    private interface AgentSide {
        void map(byte[] json);
    }

    private static void compare(Map<String, Object> raw, Supplier<FaultSpec> client, AgentSide agent) {
        String agentSays = outcome(() -> agent.map(bytes(raw)));
        FaultSpec[] built = new FaultSpec[1];
        String clientSays = outcome(() -> built[0] = client.get());
        assertThat(clientSays).as("client vs agent for %s", raw).isEqualTo(agentSays);
        if (built[0] != null) {
            assertThat(outcome(() -> agent.map(bytes(built[0].toJson())))).as("the client's JSON %s", built[0]).isEqualTo("ok");
            assertThat(built[0].toJson().get("Ports")).isEqualTo(raw.get("Ports"));
        }
    }

    private static String outcome(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static byte[] bytes(Map<String, Object> m) {
        try {
            return JSON.writeValueAsBytes(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
