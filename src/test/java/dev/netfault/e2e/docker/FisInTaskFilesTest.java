package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * The files of the FIS path that reaches the sidecar (docker/README.md, "FIS"): the SSM agent container of both task
 * definitions, the IAM policies of the four roles (IAM's policy grammar: known members only, Allow/Deny, actions as
 * service:Action), and the Automation runbook (schema 0.3: parameter types, step actions and aws:runCommand inputs
 * as the SSM user guide lists them, every placeholder declared).
 */
class FisInTaskFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> POLICY_MEMBERS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_MEMBERS = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");
    private static final Pattern IAM_ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9*]+");
    private static final Set<String> PARAMETER_TYPES = Set.of("String", "StringList", "Integer", "Boolean", "MapList",
            "StringMap", "AWS::EC2::Instance::Id", "List<AWS::EC2::Instance::Id>");
    private static final Set<String> PARAMETER_MEMBERS = Set.of("type", "description", "default", "allowedValues",
            "allowedPattern", "displayType", "minItems", "maxItems", "maxChars");
    private static final Set<String> RUNBOOK_MEMBERS = Set.of("schemaVersion", "description", "assumeRole", "parameters",
            "mainSteps", "outputs", "files");
    private static final Set<String> STEP_MEMBERS = Set.of("name", "action", "description", "inputs", "maxAttempts",
            "timeoutSeconds", "onFailure", "onCancel", "isEnd", "nextStep", "isCritical", "outputs");
    private static final Set<String> RUN_COMMAND_INPUTS = Set.of("DocumentName", "InstanceIds", "Targets", "Parameters",
            "CloudWatchOutputConfig", "Comment", "DocumentHash", "DocumentHashType", "DocumentVersion", "MaxConcurrency",
            "MaxErrors", "NotificationConfig", "OutputS3BucketName", "OutputS3KeyPrefix", "ServiceRoleArn",
            "TimeoutSeconds");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9:_]+)\\s*}}");

    private static Path docker(String file) {
        return DockerTestbed.root().resolve("docker").resolve(file);
    }

    @Test
    void taskDefinitions_runTheSsmAgentThatRegistersTheTaskByItsArnAndDeregistersOnStop() throws IOException {
        for (String file : List.of("ecs/task-definition.json", "ecs/task-definition-fargate.json")) {
            RegisterTaskDefinitionRequest request = TaskDefinitionTest.parse(Files.readString(docker(file)));
            ContainerDefinition ssm = request.containerDefinitions().stream()
                    .filter(c -> c.name().equals("amazon-ssm-agent")).findFirst().orElseThrow();

            assertThat(request.pidModeAsString()).as(file).isEqualTo("task");
            assertThat(ssm.image()).as(file).startsWith("public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:");
            assertThat(ssm.essential()).as(file + ": the app does not stop with it").isFalse();
            assertThat(ssm.cpu()).as(file).isZero();
            assertThat(ssm.environment()).extracting(KeyValuePair::name)
                    .contains("MANAGED_INSTANCE_ROLE_NAME", "NETFAULT_TARGET");
            assertThat(ssm.linuxParameters()).as(file + ": no capabilities for the SSM agent").isNull();
            String script = String.join("\n", ssm.command());
            assertThat(ssm.entryPoint()).containsExactly("/bin/bash", "-c");
            assertThat(script).contains("aws ssm create-activation", "Key=ECS_TASK_ARN,Value=\"$TASK_ARN\"",
                    "Key=FAULT_INJECTION_SIDECAR,Value=true", "Key=NETFAULT_TARGET,", "amazon-ssm-agent -register",
                    "trap 'deregister; exit 0' TERM INT", "aws ssm delete-activation",
                    "aws ssm deregister-managed-instance");
        }
    }

    @Test
    void iamPolicies_haveIamsGrammarAndTheActionsEachRoleNeeds() throws IOException {
        Map<String, Set<String>> needs = Map.of(
                "task-role-policy.json", Set.of("ssm:CreateActivation", "ssm:AddTagsToResource", "iam:PassRole"),
                "managed-instance-role-policy.json", Set.of("ssm:DeleteActivation", "ssm:DeregisterManagedInstance"),
                "automation-role-policy.json", Set.of("ssm:SendCommand", "ssm:ListCommands", "ssm:ListCommandInvocations",
                        "ssm:GetCommandInvocation", "ssm:CancelCommand"),
                "experiment-role-policy.json", Set.of("ssm:StartAutomationExecution", "ssm:GetAutomationExecution",
                        "ssm:StopAutomationExecution", "iam:PassRole"));
        Map<String, String> trusts = Map.of("task-role-trust.json", "ecs-tasks.amazonaws.com",
                "managed-instance-role-trust.json", "ssm.amazonaws.com", "automation-role-trust.json", "ssm.amazonaws.com",
                "experiment-role-trust.json", "fis.amazonaws.com");
        List<Path> files;
        try (Stream<Path> listed = Files.list(docker("iam"))) {
            files = listed.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        Set<String> names = new TreeSet<>();
        files.forEach(f -> names.add(f.getFileName().toString()));
        Set<String> expected = new TreeSet<>(needs.keySet());
        expected.addAll(trusts.keySet());
        assertThat(names).isEqualTo(expected);
        for (Path file : files) {
            JsonNode policy = JSON.readTree(file.toFile());
            List<String> problems = policyProblems(policy);
            assertThat(problems).as(file.getFileName().toString()).isEmpty();
            String name = file.getFileName().toString();
            if (needs.containsKey(name)) {
                assertThat(allowed(policy)).as(name).containsAll(needs.get(name));
                policy.path("Statement").forEach(s -> assertThat(s.has("Principal")).as(name + ": an identity policy").isFalse());
            } else {
                assertThat(policy.path("Statement")).allSatisfy(s -> {
                    assertThat(s.path("Principal").path("Service").asText()).as(name).isEqualTo(trusts.get(name));
                    assertThat(s.path("Action").asText()).as(name).isEqualTo("sts:AssumeRole");
                });
            }
        }
    }

    @Test
    void policyProblems_reportMisspeltMembersAndBadActions() throws IOException {
        JsonNode broken = JSON.readTree("{\"Version\":\"2012-10-17\",\"Statements\":[],\"Statement\":[{\"Efect\":\"Allow\","
                + "\"Action\":\"SendCommand\",\"Resource\":\"*\"}]}");

        assertThat(policyProblems(broken)).containsExactlyInAnyOrder("unknown member Statements",
                "Statement[0]: unknown member Efect", "Statement[0]: Effect must be Allow or Deny",
                "Statement[0]: action SendCommand is not service:Action");
    }

    @Test
    void runbook_isAnAutomationDocumentWhoseCommandTargetsTheTasksByTag() throws IOException {
        JsonNode runbook = JSON.readTree(docker("runbook/netfault-fis-run-in-task.json").toFile());

        assertThat(runbookProblems(runbook)).isEmpty();
        JsonNode step = runbook.path("mainSteps").get(0);
        assertThat(step.path("action").asText()).isEqualTo("aws:runCommand");
        assertThat(step.path("inputs").path("Targets").get(0).path("Key").asText()).isEqualTo("tag:NETFAULT_TARGET");
        assertThat(step.path("timeoutSeconds").asLong()).as("beyond the documents' 12 h maximum").isGreaterThan(43_200);
        for (JsonNode name : runbook.path("parameters").path("DocumentName").path("allowedValues")) {
            assertThat(docker("ssm/" + name.asText() + ".json")).exists();
        }
    }

    @Test
    void runbookProblems_reportUndeclaredPlaceholdersAndUnknownInputs() throws IOException {
        JsonNode broken = JSON.readTree("{\"schemaVersion\":\"0.3\",\"parameters\":{\"A\":{\"type\":\"Text\"}},"
                + "\"mainSteps\":[{\"name\":\"s\",\"action\":\"aws:runCommand\",\"inputs\":{\"DocumentName\":\"{{ B }}\","
                + "\"Target\":[]}}]}");

        assertThat(runbookProblems(broken)).containsExactlyInAnyOrder("parameter A: type Text",
                "step s: unknown aws:runCommand input Target", "step s: placeholder B is not a parameter");
    }

    private static Set<String> allowed(JsonNode policy) {
        Set<String> out = new HashSet<>();
        policy.path("Statement").forEach(s -> {
            if (s.path("Effect").asText().equals("Allow")) {
                JsonNode a = s.path("Action");
                if (a.isArray()) {
                    a.forEach(x -> out.add(x.asText()));
                } else {
                    out.add(a.asText());
                }
            }
        });
        return out;
    }

    static List<String> policyProblems(JsonNode policy) {
        List<String> problems = new ArrayList<>();
        policy.fieldNames().forEachRemaining(n -> {
            if (!POLICY_MEMBERS.contains(n)) {
                problems.add("unknown member " + n);
            }
        });
        if (!policy.path("Version").asText().equals("2012-10-17")) {
            problems.add("Version must be 2012-10-17");
        }
        JsonNode statements = policy.path("Statement");
        if (!statements.isArray() || statements.isEmpty()) {
            problems.add("Statement must be a non-empty array");
        }
        for (int i = 0; i < statements.size(); i++) {
            JsonNode s = statements.get(i);
            String at = "Statement[" + i + "]: ";
            s.fieldNames().forEachRemaining(n -> {
                if (!STATEMENT_MEMBERS.contains(n)) {
                    problems.add(at + "unknown member " + n);
                }
            });
            if (!Set.of("Allow", "Deny").contains(s.path("Effect").asText())) {
                problems.add(at + "Effect must be Allow or Deny");
            }
            if (s.has("Action") == s.has("NotAction")) {
                problems.add(at + "exactly one of Action and NotAction");
            }
            JsonNode actions = s.has("Action") ? s.path("Action") : s.path("NotAction");
            for (JsonNode a : actions.isArray() ? actions : JSON.createArrayNode().add(actions)) {
                if (!IAM_ACTION.matcher(a.asText()).matches()) {
                    problems.add(at + "action " + a.asText() + " is not service:Action");
                }
            }
            if (!s.has("Principal") && !s.has("Resource") && !s.has("NotResource")) {
                problems.add(at + "an identity policy statement needs Resource");
            }
            if (s.has("Condition") && !s.path("Condition").isObject()) {
                problems.add(at + "Condition must be an object");
            }
        }
        return problems;
    }

    static List<String> runbookProblems(JsonNode runbook) {
        List<String> problems = new ArrayList<>();
        runbook.fieldNames().forEachRemaining(n -> {
            if (!RUNBOOK_MEMBERS.contains(n)) {
                problems.add("unknown member " + n);
            }
        });
        if (!runbook.path("schemaVersion").asText().equals("0.3")) {
            problems.add("schemaVersion must be 0.3 for Automation");
        }
        Set<String> declared = new HashSet<>();
        runbook.path("parameters").fields().forEachRemaining(p -> {
            declared.add(p.getKey());
            p.getValue().fieldNames().forEachRemaining(n -> {
                if (!PARAMETER_MEMBERS.contains(n)) {
                    problems.add("parameter " + p.getKey() + ": unknown member " + n);
                }
            });
            String type = p.getValue().path("type").asText();
            if (!PARAMETER_TYPES.contains(type)) {
                problems.add("parameter " + p.getKey() + ": type " + type);
            }
        });
        placeholders(runbook.path("assumeRole").asText(), declared, "assumeRole", problems);
        Set<String> steps = new HashSet<>();
        for (JsonNode step : runbook.path("mainSteps")) {
            String name = step.path("name").asText();
            if (!steps.add(name)) {
                problems.add("step " + name + ": name used twice");
            }
            step.fieldNames().forEachRemaining(n -> {
                if (!STEP_MEMBERS.contains(n)) {
                    problems.add("step " + name + ": unknown member " + n);
                }
            });
            if (step.path("action").asText().equals("aws:runCommand")) {
                step.path("inputs").fieldNames().forEachRemaining(n -> {
                    if (!RUN_COMMAND_INPUTS.contains(n)) {
                        problems.add("step " + name + ": unknown aws:runCommand input " + n);
                    }
                });
                if (!step.path("inputs").has("DocumentName")) {
                    problems.add("step " + name + ": aws:runCommand needs DocumentName");
                }
            } else if (!step.path("action").asText().startsWith("aws:")) {
                problems.add("step " + name + ": action " + step.path("action").asText());
            }
            placeholders(step.toString(), declared, "step " + name, problems);
        }
        if (steps.isEmpty()) {
            problems.add("no mainSteps");
        }
        return problems;
    }

    private static void placeholders(String text, Set<String> declared, String where, List<String> problems) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (!declared.contains(name) && !name.startsWith("automation:") && !name.startsWith("global:")) {
                problems.add(where + ": placeholder " + name + " is not a parameter");
            }
        }
    }
}
