package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A root qdisc the application set itself (an htb tree, fq_codel) survives a fault cycle byte for byte: the fault is
 * either nested under it and works, or refused with an error that names the qdisc; never destroyed.
 */
class ForeignQdiscApiTest extends AgentTestBase {

    @Test
    void start_htbTreeSurvivesFaultCycle() {
        String dev = pair.clientIf;
        Sh.run("tc", "-n", pair.client, "qdisc", "add", "dev", dev, "root", "handle", "7:", "htb", "default", "10");
        Sh.run("tc", "-n", pair.client, "class", "add", "dev", dev, "parent", "7:", "classid", "7:10",
                "htb", "rate", "1gbit");
        try {
            faultCycle("htb");
        } finally {
            Sh.tryRun("tc", "-n", pair.client, "qdisc", "del", "dev", dev, "root");
        }
    }

    @Test
    void start_fqCodelRootSurvivesFaultCycle() {
        String dev = pair.clientIf;
        Sh.run("tc", "-n", pair.client, "qdisc", "add", "dev", dev, "root", "handle", "8:", "fq_codel");
        try {
            faultCycle("fq_codel");
        } finally {
            Sh.tryRun("tc", "-n", pair.client, "qdisc", "del", "dev", dev, "root");
        }
    }

    private void faultCycle(String what) {
        String before = snapshot();
        Agent.Response response = agent.post("/fault/v1/network-latency/start", Map.of("DelayMilliseconds", 100,
                "JitterMilliseconds", 0, "Sources", List.of(NamespacePair.SERVER_V4)));
        if (response.status() == 200) {
            double added = median(NamespacePair.SERVER_V4, 20) - baseline;
            System.out.printf("foreign %s root: latency nested under it, configured 100 ms, measured added %.2f ms%n",
                    what, added);
            assertThat(added).isBetween(98.0, 102.0);
            agent.stopOk("network-latency");
        } else {
            System.out.printf("foreign %s root: latency refused with %d %s%n", what, response.status(), response.body());
            assertThat(response.status()).isBetween(400, 499);
            assertThat(response.json().path("Error").asText()).containsIgnoringCase("qdisc");
            assertThat(agent.status("network-latency")).isEqualTo("not-running");
        }
        String after = snapshot();
        System.out.printf("foreign %s root after the cycle: byte-identical %b%n", what, before.equals(after));
        assertThat(after).isEqualTo(before);
    }

    private String snapshot() {
        return Sh.run("tc", "-n", pair.client, "-j", "qdisc", "show") + "\n"
                + Sh.run("tc", "-n", pair.client, "-j", "class", "show", "dev", pair.clientIf) + "\n"
                + Sh.run("tc", "-n", pair.client, "-j", "filter", "show", "dev", pair.clientIf);
    }
}
