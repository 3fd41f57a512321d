package dev.netfault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.api.BandwidthRequestMapper;
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
 * {@link BandwidthFault}: the JSON it sends, and on random rates, bursts, ports and interfaces the same verdict and
 * message as the agent's own {@code network-bandwidth} mapper.
 */
class BandwidthFaultTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BandwidthRequestMapper agent = new BandwidthRequestMapper(List.of());

    @Test
    void build_sendsTheExtensionBody() {
        BandwidthFault f = BandwidthFault.builder().rateKilobitsPerSecond(2_000).burstKilobytes(64).ports(5432)
                .protocol(Protocol.TCP).trafficType(TrafficType.INGRESS).sources("198.51.100.0/24").durationSeconds(60).build();

        assertThat(f.route()).isEqualTo("network-bandwidth");
        assertThat(JSON.valueToTree(f.toJson()).toString()).isEqualTo("{\"RateKilobitsPerSecond\":2000,\"BurstKilobytes\":64,"
                + "\"TrafficType\":\"ingress\",\"Sources\":[\"198.51.100.0/24\"],\"DurationSeconds\":60,\"Ports\":[5432],"
                + "\"Protocol\":\"tcp\"}");
        assertThat(BandwidthFault.builder().rateKilobitsPerSecond(8).build().toJson())
                .containsExactly(Map.entry("RateKilobitsPerSecond", 8L));
    }

    @Test
    void build_refusesWithTheAgentsMessages() {
        assertThatThrownBy(() -> BandwidthFault.builder().build())
                .hasMessage("required parameter RateKilobitsPerSecond is missing");
        assertThatThrownBy(() -> BandwidthFault.builder().rateKilobitsPerSecond(0).build())
                .hasMessage("RateKilobitsPerSecond: 0 (expected: 8-10000000)");
        assertThatThrownBy(() -> BandwidthFault.builder().rateKilobitsPerSecond(-1).build()).hasMessage("json: cannot"
                + " unmarshal number -1 into Go struct field NetworkBandwidthRequest.RateKilobitsPerSecond of type uint64");
        assertThatThrownBy(() -> BandwidthFault.builder().rateKilobitsPerSecond(2_000).burstKilobytes(0).build())
                .hasMessage("BurstKilobytes: 0 (expected: 1-1000000, or omitted for a burst the rate needs)");
    }

    @Property(tries = 600)
    void build_agreesWithTheAgent(@ForAll("rate") long rate, @ForAll("burst") Long burst, @ForAll("ports") List<Integer> ports,
            @ForAll("iface") String iface) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("RateKilobitsPerSecond", rate);
        if (burst != null) raw.put("BurstKilobytes", burst);
        if (iface != null) raw.put("Interface", iface);
        if (!ports.isEmpty()) raw.put("Ports", ports);
        compare(raw, () -> {
            BandwidthFault.Builder b = BandwidthFault.builder().rateKilobitsPerSecond(rate).ports(ports);
            if (burst != null) b.burstKilobytes(burst);
            if (iface != null) b.networkInterface(iface);
            return b.build();
        });
    }

    @Provide
    Arbitrary<Long> rate() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-2, 10), Arbitraries.longs().between(9_999_998, 10_000_003),
                Arbitraries.longs().between(8, 10_000_000));
    }

    @Provide
    Arbitrary<Long> burst() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-1, 2), Arbitraries.longs().between(999_999, 1_000_002))
                .injectNull(0.4);
    }

    @Provide
    Arbitrary<List<Integer>> ports() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-1, 2), Arbitraries.integers().between(1, 65_536))
                .list().ofMaxSize(3).injectDuplicates(0.2);
    }

    @Provide
    Arbitrary<String> iface() {
        return Arbitraries.of("eth0", "-x").injectNull(0.7);
    }

    private void compare(Map<String, Object> raw, Supplier<FaultSpec> client) {
        String agentSays = outcome(() -> agent.map(bytes(raw)));
        FaultSpec[] built = new FaultSpec[1];
        String clientSays = outcome(() -> built[0] = client.get());
        assertThat(clientSays).as("client vs agent for %s", raw).isEqualTo(agentSays);
        if (built[0] != null) {
            assertThat(outcome(() -> agent.map(bytes(built[0].toJson())))).as("the client's JSON %s", built[0]).isEqualTo("ok");
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
