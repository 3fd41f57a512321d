package dev.netfault.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/** What needs no Docker engine: the default image, image compatibility, the dependency on the application. */
class NetfaultContainerTest {

    @Test
    void defaultImage_isTheRepositoryAtThisBuildsVersion() {
        assertThat(NetfaultContainer.DEFAULT_IMAGE_NAME.asCanonicalNameString())
                .isEqualTo("netfault/agent:" + System.getProperty("expected.version"));
        assertThat(NetfaultContainer.DEFAULT_TAG).isEqualTo(System.getProperty("expected.version"));
    }

    @Test
    void constructor_startsTheApplicationFirst_andTakesAnyNetfaultAgentTag() {
        GenericContainer<?> app = new GenericContainer<>("netfault/demo:dev");
        try (NetfaultContainer netfault = new NetfaultContainer("netfault/agent:dev", app)) {
            assertThat(netfault.getDependencies()).containsExactly(app);
            assertThat(netfault.getApplication()).isSameAs(app);
            assertThat(netfault.getToken()).matches("[0-9a-f]{32}");
            assertThatThrownBy(netfault::getClient).hasMessage("the NetfaultContainer is not started");
        }
    }

    @Test
    void constructor_refusesAnImageThatIsNoNetfaultAgent() {
        GenericContainer<?> app = new GenericContainer<>("netfault/demo:dev");
        assertThatThrownBy(() -> new NetfaultContainer("redis:7", app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("netfault/agent");
    }

    @Test
    void everySidecarHasItsOwnToken() {
        GenericContainer<?> app = new GenericContainer<>("netfault/demo:dev");
        try (NetfaultContainer one = new NetfaultContainer(app); NetfaultContainer two = new NetfaultContainer(app)) {
            assertThat(one.getToken()).isNotEqualTo(two.getToken());
        }
    }

    @Test
    void withLease_passesTheAgentsLeaseOption_beforeExtraArgs() {
        GenericContainer<?> app = new GenericContainer<>("netfault/demo:dev");
        try (NetfaultContainer plain = new NetfaultContainer(app);
                NetfaultContainer seconds = new NetfaultContainer(app).withLease(Duration.ofSeconds(3))
                        .withAgentArgs("--max-duration", "10m");
                NetfaultContainer millis = new NetfaultContainer(app).withLease(Duration.ofMillis(4500))) {
            assertThat(plain.agentCommand()).containsExactly("--listen", "0.0.0.0:51680", "--token-file",
                    "/run/netfault/token");
            assertThat(seconds.agentCommand()).containsExactly("--listen", "0.0.0.0:51680", "--token-file",
                    "/run/netfault/token", "--lease", "3s", "--max-duration", "10m");
            assertThat(millis.agentCommand()).endsWith("--lease", "4500ms");
        }
    }

    @Test
    void withLease_refusesWhatTheAgentCannotTake() {
        GenericContainer<?> app = new GenericContainer<>("netfault/demo:dev");
        try (NetfaultContainer netfault = new NetfaultContainer(app)) {
            assertThatThrownBy(() -> netfault.withLease(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("lease: PT0S (expected a positive whole number of milliseconds)");
            assertThatThrownBy(() -> netfault.withLease(Duration.ofNanos(1_500_000)))
                    .hasMessage("lease: PT0.0015S (expected a positive whole number of milliseconds)");
            assertThatThrownBy(() -> netfault.withLease(null)).isInstanceOf(NullPointerException.class);
            assertThat(netfault.agentCommand()).doesNotContain("--lease");
        }
    }
}
