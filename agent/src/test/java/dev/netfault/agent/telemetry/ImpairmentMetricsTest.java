package dev.netfault.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultView;
import dev.netfault.bridge.impairment.ImpairmentSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.target.Targeting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An impairment's metrics carry kind="impairment"; the gauge reports 0 for it before any start. */
class ImpairmentMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void scrape_impairmentKindLabel() {
        FaultMetrics m = new FaultMetrics();
        assertThat(PrometheusText.parse(m.scrape(List.of())).get("netfault_faults_active")
                .value("netfault_faults_active", Map.of("kind", "impairment"))).isEqualTo(0.0);
        ImpairmentSpec spec = new ImpairmentSpec(50, 0, 0, Distribution.NONE, 0, LossModel.RANDOM, 0, 0, 10, 0,
                Targeting.all());
        ActiveFault f = new ActiveFault(new FaultId("0000000d"), FaultKey.of(spec), spec, T0, T0.plusSeconds(60),
                "tc prio+netem, nft priority", List.of("eth0"));
        m.started(f, List.of("tc -batch -"), Duration.ofMillis(5));

        var families = PrometheusText.parse(m.scrape(List.of(new FaultView(f, true, Map.of("packets", 42L)))));

        assertThat(families.get("netfault_faults_active").value("netfault_faults_active", Map.of("kind", "impairment")))
                .isEqualTo(1.0);
        assertThat(families.get("netfault_fault_starts_total").value("netfault_fault_starts_total",
                Map.of("kind", "impairment"))).isEqualTo(1.0);
        assertThat(families.get("netfault_kernel_packets_total").value("netfault_kernel_packets_total",
                Map.of("counter", "packets", "id", "0000000d", "kind", "impairment"))).isEqualTo(42.0);
    }
}
