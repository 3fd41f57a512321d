package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SSM documents' shape: schema 2.2, one aws:runShellScript step, AWSFIS-Run-Network-* parameter names. */
class SsmDocumentShapeTest {
    private static final Map<String, List<String>> PARAMETERS = Map.of(
            "netfault-network-latency.json", List.of("DurationSeconds", "DelayMilliseconds", "JitterMilliseconds",
                    "Sources", "Interface", "TrafficType", "AgentUrl", "TokenFile"),
            "netfault-network-packet-loss.json", List.of("DurationSeconds", "LossPercent", "Sources", "Interface",
                    "TrafficType", "AgentUrl", "TokenFile"),
            "netfault-network-blackhole-port.json", List.of("DurationSeconds", "Port", "Protocol", "TrafficType",
                    "Interface", "AgentUrl", "TokenFile"));

    @Test
    void load_everyDocumentHasOneShellStepAndFisParameterNames() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(DockerTestbed.root().resolve("docker/ssm"))) {
            files = listed.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(file -> file.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(PARAMETERS.keySet());
        for (Path file : files) {
            JsonNode document = SsmDocument.load(file).json();
            assertThat(document.path("schemaVersion").asText()).isEqualTo("2.2");
            assertThat(document.path("mainSteps")).hasSize(1);
            assertThat(document.path("mainSteps").get(0).path("action").asText()).isEqualTo("aws:runShellScript");
            assertThat(document.path("parameters").fieldNames()).toIterable()
                    .containsExactlyInAnyOrderElementsOf(PARAMETERS.get(file.getFileName().toString()));
            document.path("parameters").fields().forEachRemaining(parameter ->
                    assertThat(parameter.getValue().path("allowedPattern").asText())
                            .as("%s %s validates its value", file.getFileName(), parameter.getKey())
                            .startsWith("^").endsWith("$"));
        }
    }

    @Test
    void render_substitutesEveryPlaceholderWithDefaults() {
        String script = SsmDocument.load(DockerTestbed.root().resolve("docker/ssm/netfault-network-packet-loss.json"))
                .render(Map.of("DurationSeconds", "30"));

        assertThat(script).doesNotContain("{{")
                .contains("AGENT='http://127.0.0.1:51680'", "DURATION='30'", "LOSS='7'", "SOURCES='ALL'",
                        "trap 'rollback; rm -f \"$HEADERS\"; exit 143' TERM", "TOKEN_FILE=''");
    }
}
