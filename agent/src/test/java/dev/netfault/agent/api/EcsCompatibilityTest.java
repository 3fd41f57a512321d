package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.telemetry.FaultMetrics;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Command;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays src/test/resources/ecs-compat.json over loopback: the ECS agent's answers to its own handler tests' requests
 * (and netfault's deliberate differences and extensions), each case on a fresh agent, under both path prefixes, the
 * status, the content type and the body bytes compared exactly.
 */
class EcsCompatibilityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PREFIX = "/api/5c2f1e0a-task";
    private static final Duration SHORT_DEADLINE = Duration.ofMillis(300);

    @TestFactory
    Stream<DynamicTest> replay_ecsCompatTable() throws Exception {
        JsonNode table;
        try (InputStream in = getClass().getResourceAsStream("/ecs-compat.json")) {
            table = MAPPER.readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : table.get("cases")) {
            String name = c.get("source").asText() + ": " + c.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name + " [as written]", () -> replay(c, false)));
            tests.add(DynamicTest.dynamicTest(name + " [other prefix]", () -> replay(c, true)));
        }
        assertThat(tests).hasSizeGreaterThan(400);
        return tests.stream();
    }

    /** {@code /fault/v1/x} ↔ {@code /api/<id>/fault/v1/x}. */
    private static String otherPrefix(String path) {
        return path.startsWith("/api/") ? path.substring(path.indexOf("/fault/v1/")) : PREFIX + path;
    }

    private static void replay(JsonNode c, boolean swapPrefix) throws Exception {
        FakeFaultService faults = new FakeFaultService();
        boolean timeouts = false;
        for (JsonNode step : c.get("steps")) {
            timeouts |= "timeout".equals(step.path("fail").asText());
        }
        ApiConfig config = ApiConfig.defaults(new InetSocketAddress("127.0.0.1", 0));
        if (timeouts) {
            config = config.withDeadline(SHORT_DEADLINE);
        }
        try (AgentServer server = new AgentServer(config, faults, new FaultMetrics())) {
            InetSocketAddress a = server.start();
            int n = 0;
            for (JsonNode step : c.get("steps")) {
                n++;
                String body = step.get("body").isNull() ? null : step.get("body").asText();
                String path = step.get("path").asText();
                switch (step.path("fail").asText()) {
                    case "command" -> faults.failNext = () -> new CommandFailedException(
                            Command.of("iptables", "-w", "5", "-N", "NETFAULT-x"),
                            new CommandResult(1, "", "iptables: Chain already exists.\n"));
                    case "timeout" -> faults.delay = SHORT_DEADLINE.multipliedBy(3);
                    default -> faults.delay = Duration.ZERO;
                }
                int changesBefore = faults.changes().size();
                var r = TestHttp.post(a, swapPrefix ? otherPrefix(path) : path, body);
                assertThat(r.status()).as("step %d status, body %s", n, r.body()).isEqualTo(step.get("status").asInt());
                assertThat(r.body()).as("step %d body bytes", n).isEqualTo(expectedBytes(step));
                assertThat(r.headers()).as("step %d headers", n).containsEntry("content-type", "application/json");
                if (r.status() == 400) {
                    assertThat(faults.changes()).as("a 400 reaches no start or stop").hasSize(changesBefore);
                }
                faults.delay = Duration.ZERO;
            }
        }
    }

    /**
     * The exact body: {@code raw} when the case gives it, else {@code {"Key":"value"}} for a value that Go's
     * {@code json.Marshal} writes unchanged (no quote, backslash, control character or {@code < > &}).
     */
    private static String expectedBytes(JsonNode step) {
        if (step.has("raw")) {
            return step.get("raw").asText();
        }
        Map.Entry<String, JsonNode> only = step.get("response").properties().iterator().next();
        String value = only.getValue().asText();
        assertThat(value).as("a value Go would escape needs a raw body in the table").doesNotContainPattern("[\"\\\\<>&\\x00-\\x1f]");
        return "{\"" + only.getKey() + "\":\"" + value + "\"}";
    }
}
