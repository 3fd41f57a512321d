package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.kernel.CapabilityProbe;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.testing.TestNetns;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code netfault plan --netns} probes a real namespace: its interfaces and capabilities shape the plan. */
@Tag("privileged")
class PlanProbeTest {

    @Test
    void plan_probesTheNamedNamespaceAndChangesNothing() throws IOException, InterruptedException {
        Root.assumeRoot();
        try (TestNetns ns = TestNetns.create("nfcl")) {
            String dev = "nfc" + ns.name().substring(4) + "d";
            ns.run("ip", "link", "add", dev, "type", "veth", "peer", "name", dev.substring(0, dev.length() - 1) + "p");
            ns.run("ip", "link", "set", dev.substring(0, dev.length() - 1) + "p", "up");
            ns.run("ip", "link", "set", dev, "up");
            String before = ns.run("nft", "list", "ruleset") + ns.run("tc", "qdisc", "show") + ns.run("iptables", "-S");

            CliRun r = CliRun.of("plan", "blackhole", "--port", "443", "--netns", ns.name(), "--id", "1a2b3c4d",
                    "--at", "2026-11-26T12:00:00Z", "--duration", "60s", "--interface", dev);

            System.out.println(r.out());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("# probed /run/netns/" + ns.name() + ": interfaces ")
                    .contains(dev + " (root noqueue 0:)", "# fault 1a2b3c4d (blackhole) via ", " on " + dev + "\n", "## apply\n", "## verify\n", "## revert\n");
            if (new CapabilityProbe(ns.runner()).probe().has(Feature.NETEM)) {
                assertThat(CliRun.of("plan", "latency", "--delay", "100ms", "--netns", ns.name()).exitCode()).isZero();
            } else {
                CliRun latency = CliRun.of("plan", "latency", "--delay", "100ms", "--netns", ns.name());
                assertThat(latency.exitCode()).isEqualTo(1);
                assertThat(latency.err()).startsWith("netfault: cannot plan this fault here: latency needs sch_netem");
            }
            assertThat(ns.run("nft", "list", "ruleset") + ns.run("tc", "qdisc", "show") + ns.run("iptables", "-S"))
                    .as("plan applies nothing").isEqualTo(before);
        }
    }
}
