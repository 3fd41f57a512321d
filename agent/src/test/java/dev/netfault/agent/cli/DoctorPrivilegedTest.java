package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.probe.CapabilityProbe;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netfault doctor} on the machine the tests run on, checked against an independent capability probe. */
@Tag("privileged")
class DoctorPrivilegedTest {

    @Test
    void doctor_onThisMachineNamesWhatIsMissing(@TempDir Path state) throws IOException, InterruptedException {
        Root.assumeRoot();
        Capabilities caps = new CapabilityProbe(new ProcessCommandRunner()).probe();

        CliRun r = CliRun.of("doctor", "--state-dir", state.toString(), "--agent", "http://127.0.0.1:1");

        System.out.println(r.out());
        assertThat(r.out()).contains("ok    root / CAP_NET_ADMIN   CapEff ", "ok    state dir              " + state
                + " is writable\n", "FAIL  agent                  cannot reach the agent at http://127.0.0.1:1");
        if (caps.has(Feature.NETEM)) {
            assertThat(r.out()).contains("ok    sch_netem              available\n",
                    "latency:            works via ", "impairment:         works via ")
                    .doesNotContain("latency:            CANNOT WORK").doesNotContain("impairment:         CANNOT WORK");
        } else {
            // the Linux 6.18 build machines: no sch_netem and no sch_prio
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).contains(
                    "FAIL  sch_netem              missing: ",
                    "fix: modprobe sch_netem; on Debian/Ubuntu the module is in the stock kernel package",
                    "latency:            CANNOT WORK: latency needs sch_netem, which this kernel lacks (",
                    "some cloud/minimal kernels lack it - use a kernel with it",
                    "fault kind(s) cannot work here: latency, latency-ingress, loss-burst",
                    "impairment:         CANNOT WORK: impairment needs sch_netem, which this kernel lacks (",
                    "impairment-ingress: CANNOT WORK: impairment needs sch_netem, which this kernel lacks (");
        }
        if (!caps.has(Feature.PRIO)) {
            assertThat(r.out()).contains("FAIL  sch_prio               missing: ");
        }
        if (caps.has(Feature.NFT_EGRESS_HOOK)) {
            assertThat(r.out()).contains("blackhole:          works via nftables netdev egress\n");
        }
    }
}
