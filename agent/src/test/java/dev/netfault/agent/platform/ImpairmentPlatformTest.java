package dev.netfault.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.faults.Health;
import dev.netfault.bridge.impairment.ImpairmentSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Platform mode has no impairment endpoint: refused naming the kind as a netfault extension, nothing forwarded. */
class ImpairmentPlatformTest {

    private FakePlatform platform;
    private PlatformEnforcer enforcer;

    @BeforeEach
    void setUp() throws Exception {
        platform = new FakePlatform();
        enforcer = new PlatformEnforcer(new PlatformClient(platform.base()), new PlatformRequests(List.of()),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), new Health("platform", "test", Map.of(), Map.of()));
    }

    @AfterEach
    void tearDown() {
        platform.close();
    }

    @Test
    void prepare_impairmentIsRefusedAsANetfaultExtension_nothingForwarded() {
        ImpairmentSpec spec = new ImpairmentSpec(50, 0, 0, Distribution.NONE, 0, LossModel.RANDOM, 0, 0, 10, 0,
                Targeting.all().withSources(List.of(Cidr.parse("198.51.100.2"))));

        assertThatThrownBy(() -> enforcer.prepare(new FaultId("0000000f"), spec, Instant.parse("2026-11-26T16:00:00Z")))
                .isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("network-impairment is a netfault extension; not supported in platform mode"
                        + " (the ECS agent's endpoints have no impairment fault)");
        assertThat(platform.received()).isEmpty();
    }

    @Test
    void health_reportsImpairmentUnsupportedWithTheReason() {
        Health h = PlatformHealth.of("test");

        assertThat(h.unsupported()).containsEntry("impairment",
                "not supported in platform mode (the ECS agent's endpoints have no impairment fault)")
                .containsEntry("impairment-ingress",
                        "not supported in platform mode (the ECS agent's endpoints have no impairment fault)");
    }
}
