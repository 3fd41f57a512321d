package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.telemetry.FaultMetrics;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays src/test/resources/ecs-compat.json over loopback: the ECS agent's documented request/response pairs (and
 * netfault's extension rules), each case on a fresh agent, every status and body compared exactly.
 */
class EcsCompatibilityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> replay_ecsCompatTable() throws Exception {
        JsonNode table;
        try (InputStream in = getClass().getResourceAsStream("/ecs-compat.json")) {
            table = MAPPER.readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : table.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("source").asText() + ": " + c.get("name").asText(), () -> replay(c)));
        }
        assertThat(tests).hasSizeGreaterThan(60);
        return tests.stream();
    }

    private static void replay(JsonNode c) throws Exception {
        FakeFaultService faults = new FakeFaultService();
        try (AgentServer server = new AgentServer(ApiConfig.defaults(new InetSocketAddress("127.0.0.1", 0)), faults,
                new FaultMetrics())) {
            InetSocketAddress a = server.start();
            int n = 0;
            for (JsonNode step : c.get("steps")) {
                n++;
                String body = step.get("body").isNull() ? null : step.get("body").asText();
                int changesBefore = faults.changes().size();
                var r = TestHttp.post(a, step.get("path").asText(), body);
                assertThat(r.status()).as("step %d status, body %s", n, r.body()).isEqualTo(step.get("status").asInt());
                assertThat(MAPPER.readTree(r.body())).as("step %d body", n).isEqualTo(step.get("response"));
                if (r.status() == 400) {
                    assertThat(faults.changes()).as("a 400 reaches no start or stop").hasSize(changesBefore);
                }
            }
        }
    }
}
