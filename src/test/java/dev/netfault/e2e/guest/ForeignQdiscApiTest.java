package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.e2e.AgentClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A root qdisc the application set itself (an htb tree, fq_codel) survives a fault cycle byte for byte: the fault is
 * either nested under it and works, or refused with an error that names the qdisc; never destroyed.
 */
class ForeignQdiscApiTest extends AgentTestBase {

    @Test
    void start_htbTreeSurvivesFaultCycle() throws InterruptedException {
        String dev = pair.a().iface();
        pair.a().exec("tc", "qdisc", "add", "dev", dev, "root", "handle", "7:", "htb", "default", "10");
        pair.a().exec("tc", "class", "add", "dev", dev, "parent", "7:", "classid", "7:10",
                "htb", "rate", "1gbit");
        try {
            faultCycle("htb");
        } finally {
            pair.a().run("tc", "qdisc", "del", "dev", dev, "root");
        }
    }

    @Test
    void start_fqCodelRootSurvivesFaultCycle() throws InterruptedException {
        String dev = pair.a().iface();
        pair.a().exec("tc", "qdisc", "add", "dev", dev, "root", "handle", "8:", "fq_codel");
        try {
            faultCycle("fq_codel");
        } finally {
            pair.a().run("tc", "qdisc", "del", "dev", dev, "root");
        }
    }

    private void faultCycle(String what) throws InterruptedException {
        String before = snapshot();
        AgentClient.Response response = agent.post("/fault/v1/network-latency/start", Map.of("DelayMilliseconds", 100,
                "JitterMilliseconds", 0, "Sources", List.of(GuestNetwork.SERVER_V4)));
        if (response.status() == 200) {
            double added = median(GuestNetwork.SERVER_V4, 20) - baseline;
            System.out.printf("foreign %s root: latency nested under it, configured 100 ms, measured added %.2f ms%n",
                    what, added);
            assertThat(added).isBetween(98.0, 110.0);
            stopOk("network-latency");
        } else {
            System.out.printf("foreign %s root: latency refused with %d %s%n", what, response.status(), response.body());
            assertThat(response.status()).isBetween(400, 499);
            assertThat(response.json().path("Error").asText()).containsIgnoringCase("qdisc");
            assertThat(status("network-latency")).isEqualTo("not-running");
        }
        String after = snapshot();
        System.out.printf("foreign %s root after the cycle: byte-identical %b%n", what, before.equals(after));
        assertThat(after).isEqualTo(before);
    }

    private String snapshot() throws InterruptedException {
        return pair.a().exec("tc", "-j", "qdisc", "show") + "\n"
                + pair.a().exec("tc", "-j", "class", "show", "dev", pair.a().iface()) + "\n"
                + pair.a().exec("tc", "-j", "filter", "show", "dev", pair.a().iface());
    }
}
