package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Capability;
import dev.netfault.testcontainers.NetfaultContainer;
import dev.netfault.testcontainers.SidecarFailure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** NetfaultContainer's failures say what to do, and leave no sidecar behind. */
@Tag("docker")
class NetfaultContainerFailuresDockerTest {

    @BeforeAll
    static void engine() {
        DockerTestbed.ensureUp();
    }

    private static GenericContainer<?> app() {
        return new GenericContainer<>(DockerImageName.parse(DockerTestbed.DEMO_IMAGE))
                .withCommand("python3", "/opt/demo/app.py")
                .withCreateContainerCmdModifier(cmd -> cmd.withName(DockerTestbed.uniqueName("app")));
    }

    @Test
    void start_withoutNetAdmin_failsWithTheAgentsModeReason() {
        GenericContainer<?> app = app();
        // an engine that drops NET_ADMIN: this modifier runs after the module's and takes the capability away
        NetfaultContainer netfault = new NetfaultContainer(DockerTestbed.AGENT_IMAGE, app)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(DockerTestbed.uniqueName("side"))
                        .getHostConfig().withCapAdd(new Capability[0]));
        try {
            assertThatThrownBy(netfault::start).isInstanceOfSatisfying(SidecarFailure.class, e -> {
                DockerTestbed.print("without NET_ADMIN: " + e.getMessage());
                assertThat(e.getMessage())
                        .startsWith("the netfault sidecar runs without CAP_NET_ADMIN, so it can make no fault: ")
                        .contains("(CAP_NET_ADMIN absent)")
                        .contains("rootless Docker")
                        .contains("needs root / CAP_NET_ADMIN");
            });
            assertThat(netfault.getContainerId()).as("the failed sidecar is removed").isNull();
        } finally {
            netfault.stop();
            app.stop();
        }
    }

    @Test
    void start_withAnImageNotBuilt_saysHowToBuildIt() {
        GenericContainer<?> app = app();
        NetfaultContainer netfault = new NetfaultContainer("netfault/agent:nfdk-not-built", app)
                .withImagePullPolicy(image -> false); // never reach out to a registry from this box
        try {
            assertThatThrownBy(netfault::start).isInstanceOfSatisfying(SidecarFailure.class, e -> {
                DockerTestbed.print("image not built: " + e.getMessage());
                assertThat(e.getMessage()).isEqualTo("image netfault/agent:nfdk-not-built is not on this Docker"
                        + " engine and could not be pulled: build it from a netfault clone with `docker build -t"
                        + " netfault/agent:nfdk-not-built -f docker/Dockerfile .` (after `mvn -B package -DskipTests`)");
            });
        } finally {
            netfault.stop();
            app.stop();
        }
    }
}
