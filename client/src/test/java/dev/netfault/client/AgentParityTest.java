package dev.netfault.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.api.BlackholeRequestMapper;
import dev.netfault.agent.api.LatencyRequestMapper;
import dev.netfault.agent.api.LossRequestMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The client's builders against the agent's own request mappers, on random requests: the client accepts exactly what
 * the agent accepts, refuses with the agent's message, and a fault it builds is one the agent maps.
 */
class AgentParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SOURCES = List.of("198.51.100.7", "198.51.100.0/24", " 198.51.100.8 ",
            "2001:db8::1", "2001:db8::/32", "::ffff:198.51.100.1", "::ffff:198.51.100.1/64", "db.example.com",
            "db.example.com.", "", " ", "198.51.100.300", "198.51.100.0/33", "2001:db8::/129", "not a host",
            "-bad.example", "1.2.3", "a.b.c.1", "x".repeat(200), "198.51.100.1/0x", "2001:db8:::1", "0.0.0.0/0");
    private static final List<String> INTERFACES = List.of("eth0", "", "-x", ".", "..", "a".repeat(16), "eth0:1",
            "veth@if2", "br.100", "e th0");

    private final LatencyRequestMapper latency = new LatencyRequestMapper(List.of());
    private final LossRequestMapper loss = new LossRequestMapper(List.of());
    private final BlackholeRequestMapper blackhole = new BlackholeRequestMapper(List.of());

    /** A request as both sides see it: the fields a user sets (null: unset). */
    record Common(List<String> sources, List<String> exempt, String iface, Long duration) {
    }

    @Property(tries = 1500)
    void latency_clientAndAgentAgree(@ForAll("common") Common c, @ForAll("millis") long delay,
            @ForAll("millis") long jitter, @ForAll("maybePercent") Integer correlation,
            @ForAll("maybePercent") Integer flows, @ForAll("distribution") Distribution dist,
            @ForAll("traffic") TrafficType traffic) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("DelayMilliseconds", delay);
        raw.put("JitterMilliseconds", jitter);
        put(raw, "CorrelationPercent", correlation);
        put(raw, "FlowsPercent", flows);
        put(raw, "Distribution", dist == null ? null : dist.wire());
        put(raw, "TrafficType", traffic == null ? null : traffic.wire());
        common(raw, c);
        compare(raw, () -> {
            LatencyFault.Builder b = LatencyFault.builder().delayMillis(delay).jitterMillis(jitter);
            if (correlation != null) b.correlationPercent(correlation);
            if (flows != null) b.flowsPercent(flows);
            if (dist != null) b.distribution(dist);
            if (traffic != null) b.trafficType(traffic);
            return common(b, c).build();
        }, json -> latency.map(json));
    }

    @Property(tries = 1500)
    void loss_clientAndAgentAgree(@ForAll("common") Common c, @ForAll("maybePercent") Integer percent,
            @ForAll("model") LossModel model, @ForAll("burst") Long burst, @ForAll("maybePercent") Integer flows,
            @ForAll("traffic") TrafficType traffic) {
        Map<String, Object> raw = new LinkedHashMap<>();
        put(raw, "LossPercent", percent);
        put(raw, "LossModel", model == null ? null : model.wire());
        put(raw, "MeanBurstPackets", burst);
        put(raw, "FlowsPercent", flows);
        put(raw, "TrafficType", traffic == null ? null : traffic.wire());
        common(raw, c);
        compare(raw, () -> {
            PacketLossFault.Builder b = PacketLossFault.builder();
            if (percent != null) b.lossPercent(percent);
            if (model != null) b.lossModel(model);
            if (burst != null) b.meanBurstPackets(burst);
            if (flows != null) b.flowsPercent(flows);
            if (traffic != null) b.trafficType(traffic);
            return common(b, c).build();
        }, json -> loss.map(json));
    }

    @Property(tries = 1500)
    void blackhole_clientAndAgentAgree(@ForAll("common") Common c, @ForAll("port") int port,
            @ForAll Protocol protocol, @ForAll TrafficType traffic) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("Port", port);
        raw.put("Protocol", protocol.wire());
        raw.put("TrafficType", traffic.wire());
        common(raw, c);
        compare(raw, () -> common(BlackholeFault.port(port).protocol(protocol).trafficType(traffic), c).build(),
                json -> blackhole.map(json));
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

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static void common(Map<String, Object> raw, Common c) {
        if (!c.sources().isEmpty()) raw.put("Sources", c.sources());
        if (!c.exempt().isEmpty()) raw.put("SourcesToFilter", c.exempt());
        put(raw, "Interface", c.iface());
        put(raw, "DurationSeconds", c.duration());
    }

    private static <B extends TargetingBuilder<B>> B common(B b, Common c) {
        b.sources(c.sources()).sourcesToFilter(c.exempt());
        if (c.iface() != null) b.networkInterface(c.iface());
        if (c.duration() != null) b.durationSeconds(c.duration());
        return b;
    }

    @Provide
    Arbitrary<Common> common() {
        Arbitrary<List<String>> sources = Arbitraries.of(SOURCES).list().ofMaxSize(3)
                .injectDuplicates(0.1).edgeCases(e -> e.add(List.of("198.51.100.7")));
        Arbitrary<List<String>> exempt = Arbitraries.of(SOURCES).list().ofMaxSize(2);
        Arbitrary<String> iface = Arbitraries.of(INTERFACES).injectNull(0.6);
        Arbitrary<Long> duration = Arbitraries.oneOf(Arbitraries.longs().between(-3, 5),
                Arbitraries.longs().between(43_198, 43_202)).injectNull(0.5);
        return Combinators.combine(sources, exempt, iface, duration).as(Common::new);
    }

    @Provide
    Arbitrary<Long> millis() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-2, 3), Arbitraries.longs().between(59_998, 60_002),
                Arbitraries.longs().between(0, 500));
    }

    @Provide
    Arbitrary<Integer> maybePercent() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-2, 3), Arbitraries.integers().between(0, 102),
                Arbitraries.integers().between(98, 102)).injectNull(0.3);
    }

    @Provide
    Arbitrary<Long> burst() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-1, 5), Arbitraries.longs().between(998, 1002))
                .injectNull(0.4);
    }

    @Provide
    Arbitrary<Integer> port() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-2, 3), Arbitraries.integers().between(65_533, 65_538),
                Arbitraries.integers().between(1, 65_535));
    }

    @Provide
    Arbitrary<Distribution> distribution() {
        return Arbitraries.of(Distribution.class).injectNull(0.5);
    }

    @Provide
    Arbitrary<LossModel> model() {
        return Arbitraries.of(LossModel.class).injectNull(0.3);
    }

    @Provide
    Arbitrary<TrafficType> traffic() {
        return Arbitraries.of(TrafficType.class).injectNull(0.5);
    }
}
