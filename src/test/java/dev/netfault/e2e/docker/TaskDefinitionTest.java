package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * Every task definition under docker/ecs parses into the AWS SDK's RegisterTaskDefinition model with unknown
 * properties failing, so a misspelt field breaks the build instead of being ignored by the console.
 */
class TaskDefinitionTest {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static RegisterTaskDefinitionRequest parse(String json) throws IOException {
        return STRICT.readValue(json, RegisterTaskDefinitionRequest.serializableBuilderClass()).build();
    }

    static List<Path> taskDefinitions() throws IOException {
        try (Stream<Path> files = Files.list(DockerTestbed.root().resolve("docker/ecs"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void parse_everyTaskDefinitionIsAValidRegisterRequest() throws IOException {
        assertThat(taskDefinitions()).isNotEmpty();
        for (Path file : taskDefinitions()) {
            RegisterTaskDefinitionRequest request = parse(Files.readString(file));

            assertThat(request.family()).as(file.toString()).isNotBlank();
            assertThat(request.networkMode()).as(file + ": containers share one namespace").isEqualTo(NetworkMode.AWSVPC);
            if (file.getFileName().toString().contains("fargate")) {
                assertThat(request.requiresCompatibilities()).as(file.toString()).containsExactly(Compatibility.FARGATE);
            } else {
                assertThat(request.requiresCompatibilities()).as(file + ": Fargate grants no NET_ADMIN")
                        .containsExactly(Compatibility.EC2);
                assertThat(request.ephemeralStorage()).as(file + ": Fargate-only field").isNull();
            }
            assertThat(request.containerDefinitions()).extracting(ContainerDefinition::name)
                    .contains("app", "netfault");
            assertThat(request.containerDefinitions()).allSatisfy(container -> {
                assertThat(container.logConfiguration()).as(container.name() + " logs").isNotNull();
                assertThat(container.healthCheck()).as(container.name() + " health check").isNotNull();
                assertThat(container.essential()).as(container.name() + " essential flag").isNotNull();
            });
        }
    }

    @Test
    void parse_sidecarGetsOnlyNetAdminAndDoesNotTakeTheTaskDown() throws IOException {
        RegisterTaskDefinitionRequest request = parse(Files.readString(
                DockerTestbed.root().resolve("docker/ecs/task-definition.json")));
        ContainerDefinition sidecar = request.containerDefinitions().stream()
                .filter(container -> container.name().equals("netfault")).findFirst().orElseThrow();

        assertThat(sidecar.linuxParameters().capabilities().add()).containsExactly("NET_ADMIN");
        assertThat(sidecar.linuxParameters().capabilities().drop()).containsExactly("NET_RAW");
        assertThat(sidecar.essential()).isFalse();
        assertThat(sidecar.healthCheck().command()).anySatisfy(part -> assertThat(part).contains("/healthz"));
        assertThat(sidecar.mountPoints()).anySatisfy(mount ->
                assertThat(mount.containerPath()).isEqualTo("/var/lib/netfault"));
    }

    @Test
    void parse_fargateSidecarDrivesThePlatformWithoutAddedCapabilities() throws IOException {
        RegisterTaskDefinitionRequest request = parse(Files.readString(
                DockerTestbed.root().resolve("docker/ecs/task-definition-fargate.json")));
        ContainerDefinition sidecar = request.containerDefinitions().stream()
                .filter(container -> container.name().equals("netfault")).findFirst().orElseThrow();

        assertThat(request.enableFaultInjection()).isTrue();
        assertThat(request.pidModeAsString()).isEqualTo("task");
        assertThat(sidecar.linuxParameters().capabilities().add()).isEmpty();
        assertThat(sidecar.command()).containsSequence("--mode", "platform");
    }

    @Test
    void parse_misspeltFieldFails() {
        assertThatThrownBy(() -> parse("{\"family\":\"x\",\"netwrokMode\":\"awsvpc\"}"))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("netwrokMode");
        assertThatThrownBy(() -> parse("{\"family\":\"x\",\"containerDefinitions\":[{\"name\":\"a\","
                + "\"linuxParameters\":{\"capabilities\":{\"added\":[\"NET_ADMIN\"]}}}]}"))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("added");
    }
}
