package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateRequest;

/**
 * docker/fis/experiment-template.json against the shape of FIS's CreateExperimentTemplate request (member names and
 * required members written down here, and the SDK's own model with unknown members failing), and each
 * aws:ssm:start-automation-execution action against the runbook and the SSM document it runs.
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
    void template_parsesIntoTheSdkRequestWithUnknownMembersFailing() throws IOException {
        CreateExperimentTemplateRequest request = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(Files.readString(DockerTestbed.root().resolve("docker/fis/experiment-template.json")),
                        CreateExperimentTemplateRequest.serializableBuilderClass()).build();

        assertThat(request.actions()).containsOnlyKeys("latency", "packetLoss", "blackholeDependency");
        assertThat(request.targets()).as("the automation action has no FIS target: the runbook targets by tag").isEmpty();
        assertThat(request.stopConditions()).singleElement().satisfies(c -> assertThat(c.source()).isEqualTo("aws:cloudwatch:alarm"));
    }

    /**
     * Each action starts docker/runbook/netfault-fis-run-in-task.json (FIS's aws:ssm:send-command reaches EC2 instances,
     * not the tasks' managed instances), its parameters fit the runbook, and the document it names renders with the
     * nested parameters; the fault ends within the action's maxDuration.
     */
    @Test
    void template_automationActionsRunTheRunbookWithDocumentsThatRender() throws IOException {
        JsonNode template = template();
        JsonNode runbook = new ObjectMapper().readTree(
                DockerTestbed.root().resolve("docker/runbook/netfault-fis-run-in-task.json").toFile());
        Map<String, JsonNode> actions = new HashMap<>();
        template.path("actions").fields().forEachRemaining(entry -> actions.put(entry.getKey(), entry.getValue()));
        assertThat(actions).isNotEmpty();
        Set<String> documents = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : actions.entrySet()) {
            JsonNode action = entry.getValue();
            assertThat(action.path("actionId").asText()).isEqualTo("aws:ssm:start-automation-execution");
            JsonNode parameters = action.path("parameters");
            assertThat(parameters.fieldNames()).toIterable().containsExactlyInAnyOrder("documentArn", "documentParameters",
                    "maxDuration");
            assertThat(parameters.path("documentArn").asText())
                    .matches("arn:aws:ssm:[a-z0-9-]+:\\d{12}:document/netfault-fis-run-in-task");
            JsonNode runbookValues = new ObjectMapper().readTree(parameters.path("documentParameters").asText());
            runbookValues.fieldNames().forEachRemaining(name ->
                    assertThat(runbook.path("parameters").has(name)).as("%s: runbook parameter %s", entry.getKey(), name).isTrue());
            runbook.path("parameters").fields().forEachRemaining(p -> {
                if (!p.getValue().has("default")) {
                    assertThat(runbookValues.has(p.getKey())).as("%s: required %s", entry.getKey(), p.getKey()).isTrue();
                }
            });
            String document = runbookValues.path("DocumentName").asText();
            assertThat(runbook.path("parameters").path("DocumentName").path("allowedValues")).extracting(JsonNode::asText)
                    .contains(document);
            documents.add(document);
            Map<String, String> values = new HashMap<>();
            new ObjectMapper().readTree(runbookValues.path("DocumentParameters").asText()).fields()
                    .forEachRemaining(p -> values.put(p.getKey(), p.getValue().asText()));
            Path file = DockerTestbed.root().resolve("docker/ssm/" + document + ".json");
            assertThat(SsmDocument.load(file).render(values)).as("document renders with the template's values")
                    .doesNotContain("{{");

            Duration max = Duration.parse(parameters.path("maxDuration").asText());
            long seconds = Long.parseLong(values.get("DurationSeconds"));
            assertThat(max.toSeconds()).as("the document ends its fault before FIS stops the automation")
                    .isGreaterThan(seconds).isLessThanOrEqualTo(seconds + 120);
            action.path("startAfter").forEach(after -> assertThat(actions).containsKey(after.asText()));
        }
        assertThat(documents).containsExactlyInAnyOrder("netfault-network-latency", "netfault-network-packet-loss",
                "netfault-network-blackhole-port");
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
