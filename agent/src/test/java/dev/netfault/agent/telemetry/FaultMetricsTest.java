package dev.netfault.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultView;
import dev.netfault.agent.faults.Renewal;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics fed by fault events and the kernel view, scraped and parsed strictly. */
class FaultMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private static ActiveFault loss(String id) {
        LossSpec spec = LossSpec.random(7, Targeting.all());
        return new ActiveFault(new FaultId(id), FaultKey.of(spec), spec, T0, T0.plusSeconds(60), "nftables", List.of("eth0"));
    }

    private static ActiveFault blackhole(String id) {
        BlackholeSpec spec = new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, Targeting.all());
        return new ActiveFault(new FaultId(id), FaultKey.of(spec), spec, T0, T0.plusSeconds(60), "iptables", List.of());
    }

    @Test
    void scrape_countsLeaseRenewalsByResult() {
        FaultMetrics m = new FaultMetrics();
        m.renewed(new Renewal(2, true, Map.of()), Duration.ofMillis(3));
        m.renewed(new Renewal(2, true, Map.of()), Duration.ofMillis(3));
        m.renewed(new Renewal(2, false, Map.of()), Duration.ofMillis(9));
        m.renewed(new Renewal(2, false, Map.of(new FaultId("0000000a"), "'nft -f -' failed (exit 1)")), Duration.ofMillis(9));
        m.renewed(Renewal.NOTHING, Duration.ZERO); // nothing live: not a renewal

        var families = PrometheusText.parse(m.scrape(List.of()));
        var renewals = families.get("netfault_lease_renewals_total");
        assertThat(renewals.value("netfault_lease_renewals_total", Map.of("result", "ok"))).isEqualTo(2.0);
        assertThat(renewals.value("netfault_lease_renewals_total", Map.of("result", "retried"))).isEqualTo(1.0);
        assertThat(renewals.value("netfault_lease_renewals_total", Map.of("result", "failed"))).isEqualTo(1.0);
    }

    @Test
    void scrape_countsEventsAndKernelCounters() {
        FaultMetrics m = new FaultMetrics();
        ActiveFault loss = loss("0000000a");
        ActiveFault bh = blackhole("0000000b");
        m.started(loss, List.of("nft -f -"), Duration.ofMillis(4));
        m.started(bh, List.of("iptables-restore --noflush"), Duration.ofMillis(12));
        m.stopped(loss, "expired", List.of("nft delete table netdev netfault_0000000a"), Duration.ofMillis(3));
        m.failed(FaultKey.latency(), "apply", "latency needs sch_netem");

        var families = PrometheusText.parse(m.scrape(List.of(new FaultView(bh, true, Map.of("packetsDropped", 1234L)))));

        assertThat(families.get("netfault_faults_active").value("netfault_faults_active", Map.of("kind", "blackhole"))).isEqualTo(1.0);
        assertThat(families.get("netfault_faults_active").value("netfault_faults_active", Map.of("kind", "loss"))).isEqualTo(0.0);
        assertThat(families.get("netfault_faults_active").value("netfault_faults_active", Map.of("kind", "bandwidth"))).isEqualTo(0.0);
        assertThat(families.get("netfault_fault_starts_total").value("netfault_fault_starts_total", Map.of("kind", "loss"))).isEqualTo(1.0);
        assertThat(families.get("netfault_fault_stops_total").value("netfault_fault_stops_total",
                Map.of("kind", "loss", "reason", "expired"))).isEqualTo(1.0);
        assertThat(families.get("netfault_fault_expiries_total").value("netfault_fault_expiries_total", Map.of("kind", "loss"))).isEqualTo(1.0);
        assertThat(families.get("netfault_fault_failures_total").value("netfault_fault_failures_total",
                Map.of("kind", "latency", "phase", "apply"))).isEqualTo(1.0);
        var apply = families.get("netfault_fault_apply_seconds");
        assertThat(apply.type()).isEqualTo("histogram");
        assertThat(apply.value("netfault_fault_apply_seconds_count", Map.of("kind", "blackhole"))).isEqualTo(1.0);
        assertThat(apply.value("netfault_fault_apply_seconds_sum", Map.of("kind", "blackhole"))).isEqualTo(0.012);
        assertThat(apply.value("netfault_fault_apply_seconds_bucket", Map.of("kind", "blackhole", "le", "+Inf"))).isEqualTo(1.0);
        assertThat(families.get("netfault_fault_revert_seconds").value("netfault_fault_revert_seconds_count",
                Map.of("kind", "loss"))).isEqualTo(1.0);
        assertThat(families.get("netfault_kernel_packets_total").value("netfault_kernel_packets_total",
                Map.of("counter", "packetsDropped", "id", "0000000b", "kind", "blackhole"))).isEqualTo(1234.0);
    }

    @Test
    void scrape_dropsKernelSeriesOfFaultsNoLongerActive() {
        FaultMetrics m = new FaultMetrics();
        ActiveFault bh = blackhole("0000000c");
        m.scrape(List.of(new FaultView(bh, true, Map.of("packetsDropped", 5L))));

        var families = PrometheusText.parse(m.scrape(List.of()));

        assertThat(families).doesNotContainKey("netfault_kernel_packets_total");
        assertThat(families.get("netfault_faults_active").value("netfault_faults_active", Map.of("kind", "blackhole"))).isEqualTo(0.0);
    }

    @Test
    void parse_rejectsMalformedExposition() {
        assertThatThrownBy(() -> PrometheusText.parse("x_total 1\n")).hasMessageContaining("outside its family");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx{a=\"b} 1\n")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx one\n")).hasMessageContaining("bad value");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n"))
                .hasMessageContaining("not cumulative");
    }
}
