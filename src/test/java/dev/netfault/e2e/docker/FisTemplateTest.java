package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docker/fis/experiment-template.json against the shape of FIS's CreateExperimentTemplate request (member names and
 * required members, written down here because the SDK's FIS module is not served by the registry this project
 * builds from), and each aws:ssm:send-command action against the SSM document it names.
 */
class FisTemplateTest {
    /** One object shape: its members, which of them are required, and the shapes of nested members. */
    private record Shape(Set<String> members, Set<String> required, Map<String, Shape> nested, Map<String, Shape> mapValues) {
        static Shape of(Set<String> members, Set<String> required) {
            return new Shape(members, required, Map.of(), Map.of());
        }
    }

    private static final Shape FILTER = Shape.of(Set.of("path", "values"), Set.of("path", "values"));
    private static final Shape TARGET = new Shape(
            Set.of("resourceType", "resourceArns", "resourceTags", "filters", "selectionMode", "parameters"),
            Set.of("resourceType", "selectionMode"), Map.of("filters", FILTER), Map.of());
    private static final Shape ACTION = Shape.of(
            Set.of("actionId", "description", "parameters", "targets", "startAfter"), Set.of("actionId"));
    private static final Shape STOP_CONDITION = Shape.of(Set.of("source", "value"), Set.of("source"));
    private static final Shape LOG_CONFIGURATION = new Shape(
            Set.of("cloudWatchLogsConfiguration", "s3Configuration", "logSchemaVersion"), Set.of("logSchemaVersion"),
            Map.of("cloudWatchLogsConfiguration", Shape.of(Set.of("logGroupArn"), Set.of("logGroupArn")),
                    "s3Configuration", Shape.of(Set.of("bucketName", "prefix"), Set.of("bucketName"))), Map.of());
    private static final Shape OPTIONS = Shape.of(Set.of("accountTargeting", "emptyTargetResolutionMode"), Set.of());
    private static final Shape REPORT = Shape.of(
            Set.of("outputs", "dataSources", "preExperimentDuration", "postExperimentDuration"), Set.of());
    /** CreateExperimentTemplate's request; clientToken is required by the API but filled in by every SDK and CLI. */
    private static final Shape REQUEST = new Shape(
            Set.of("clientToken", "description", "stopConditions", "targets", "actions", "roleArn", "tags",
                    "logConfiguration", "experimentOptions", "experimentReportConfiguration"),
            Set.of("description", "stopConditions", "actions", "roleArn"),
            Map.of("stopConditions", STOP_CONDITION, "logConfiguration", LOG_CONFIGURATION,
                    "experimentOptions", OPTIONS, "experimentReportConfiguration", REPORT),
            Map.of("targets", TARGET, "actions", ACTION));

    private static JsonNode template() throws IOException {
        return new ObjectMapper().readTree(DockerTestbed.root().resolve("docker/fis/experiment-template.json").toFile());
    }

    @Test
    void template_matchesCreateExperimentTemplateShape() throws IOException {
        List<String> problems = new ArrayList<>();
        check("", template(), REQUEST, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void check_reportsUnknownAndMissingMembers() throws IOException {
        JsonNode broken = new ObjectMapper().readTree(
                "{\"description\":\"d\",\"roleArn\":\"r\",\"stopCondition\":[],\"actions\":{\"a\":{\"actionID\":\"x\"}}}");
        List<String> problems = new ArrayList<>();
        check("", broken, REQUEST, problems);
        assertThat(problems).containsExactlyInAnyOrder("unknown member stopCondition",
                "missing required member stopConditions", "actions.a: unknown member actionID",
                "actions.a: missing required member actionId");
    }

    @Test
    void template_sendCommandActionsMatchTheirDocuments() throws IOException {
        JsonNode template = template();
        Map<String, JsonNode> actions = new HashMap<>();
        template.path("actions").fields().forEachRemaining(entry -> actions.put(entry.getKey(), entry.getValue()));
        assertThat(actions).isNotEmpty();
        Set<String> documents = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : actions.entrySet()) {
            JsonNode action = entry.getValue();
            assertThat(action.path("actionId").asText()).isEqualTo("aws:ssm:send-command");
            JsonNode parameters = action.path("parameters");
            String arn = parameters.path("documentArn").asText();
            assertThat(arn).matches("arn:aws:ssm:[a-z0-9-]+:\\d{12}:document/[A-Za-z0-9_.-]+");
            String document = arn.substring(arn.lastIndexOf('/') + 1);
            documents.add(document);
            Path file = DockerTestbed.root().resolve("docker/ssm/" + document + ".json");
            assertThat(file).as("the document %s names", entry.getKey()).exists();

            Map<String, String> values = new HashMap<>();
            new ObjectMapper().readTree(parameters.path("documentParameters").asText()).fields()
                    .forEachRemaining(p -> values.put(p.getKey(), p.getValue().asText()));
            assertThat(SsmDocument.load(file).render(values)).as("document renders with the template's values")
                    .doesNotContain("{{");

            Duration duration = Duration.parse(parameters.path("duration").asText());
            assertThat(duration.toSeconds()).as("FIS cancels the command when the action ends")
                    .isEqualTo(Long.parseLong(values.get("DurationSeconds")));
            action.path("targets").fields().forEachRemaining(target ->
                    assertThat(template.path("targets").has(target.getValue().asText())).isTrue());
            action.path("startAfter").forEach(after -> assertThat(actions).containsKey(after.asText()));
        }
        assertThat(documents).containsExactlyInAnyOrder("netfault-network-latency", "netfault-network-packet-loss",
                "netfault-network-blackhole-port");
        assertThat(template.path("stopConditions").get(0).path("source").asText()).isEqualTo("aws:cloudwatch:alarm");
    }

    private static void check(String where, JsonNode node, Shape shape, List<String> problems) {
        String prefix = where.isEmpty() ? "" : where + ": ";
        node.fieldNames().forEachRemaining(name -> {
            if (!shape.members().contains(name)) {
                problems.add(prefix + "unknown member " + name);
            }
        });
        for (String required : shape.required()) {
            if (!node.has(required)) {
                problems.add(prefix + "missing required member " + required);
            }
        }
        shape.nested().forEach((name, nested) -> {
            JsonNode child = node.path(name);
            if (child.isArray()) {
                child.forEach(element -> check(path(where, name), element, nested, problems));
            } else if (child.isObject()) {
                check(path(where, name), child, nested, problems);
            }
        });
        shape.mapValues().forEach((name, valueShape) ->
                node.path(name).fields().forEachRemaining(entry ->
                        check(path(where, name) + "." + entry.getKey(), entry.getValue(), valueShape, problems)));
    }

    private static String path(String where, String name) {
        return where.isEmpty() ? name : where + "." + name;
    }
}
