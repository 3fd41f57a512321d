package dev.netfault.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModeDecisionTest {

    private static final String ROOT = "Name:\tjava\nCapEff:\t000001ffffffffff\n";
    private static final String NO_NET_ADMIN = "Name:\tjava\nCapEff:\t00000000a80425fb\n"; // docker default set
    private static final Map<String, String> ECS = Map.of("ECS_AGENT_URI", "http://169.254.170.2/api/abc");

    @Test
    void decide_autoPicksPlatformOnFargate() {
        ModeDecision d = ModeDecision.decide("auto", ECS, NO_NET_ADMIN);
        assertThat(d.mode()).isEqualTo("platform");
        assertThat(d.reason()).isEqualTo("auto: ECS_AGENT_URI is set and CAP_NET_ADMIN absent, so the platform's fault"
                + " endpoints at http://169.254.170.2/api/abc/fault/v1 enforce faults");
    }

    @Test
    void decide_autoKeepsKernelWithNetAdminOrWithoutUri() {
        assertThat(ModeDecision.decide("auto", ECS, ROOT).reason())
                .isEqualTo("auto: ECS_AGENT_URI is set but CAP_NET_ADMIN present, so tc/nftables/iptables in this network"
                        + " namespace enforce faults");
        ModeDecision d = ModeDecision.decide("auto", Map.of(), NO_NET_ADMIN);
        assertThat(d.mode()).isEqualTo("kernel");
        assertThat(d.reason()).startsWith("auto: ECS_AGENT_URI is not set");
        assertThat(ModeDecision.decide("auto", ECS, "Name:\tjava\n").mode()).isEqualTo("kernel");
    }

    @Test
    void decide_explicitModes() {
        assertThat(ModeDecision.decide("platform", ECS, ROOT).mode()).isEqualTo("platform");
        assertThat(ModeDecision.decide("kernel", ECS, NO_NET_ADMIN).mode()).isEqualTo("kernel");
        assertThatThrownBy(() -> ModeDecision.decide("platform", Map.of(), ROOT))
                .hasMessageStartingWith("mode: 'platform' (expected: ECS_AGENT_URI set");
        assertThatThrownBy(() -> ModeDecision.decide("fargate", ECS, ROOT))
                .hasMessage("mode: 'fargate' (expected: kernel, platform or auto)");
    }

    @Test
    void platformExemption_onlyNonLoopbackLiterals() {
        assertThat(PlatformWiring.platformExemption("169.254.170.2")).extracting(Object::toString).containsExactly("169.254.170.2/32");
        assertThat(PlatformWiring.platformExemption("127.0.0.1")).isEmpty();
        assertThat(PlatformWiring.platformExemption("[::1]")).isEmpty();
        assertThat(PlatformWiring.platformExemption("ecs-agent.local")).isEmpty();
    }
}
