package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.e2e.AgentClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What another netfault fault holds (a root qdisc with netfault's handle, or the ingress slot while a netfault ifb
 * exists), placed behind this agent's back: a start is a 409 that names it and says to stop it first, not a 500
 * {@code internal error}, and the namespace's qdiscs stay as they were.
 */
class SlotTakenApiTest extends AgentTestBase {

    @Test
    void startLatency_whileANetfaultRootHoldsTheInterface_409() throws InterruptedException {
        String dev = pair.a().iface();
        pair.a().exec("tc", "qdisc", "add", "dev", dev, "root", "handle", "4e46:", "prio");
        try {
            String before = GuestNetwork.qdiscs(pair.a());
            AgentClient.Response r = agent.post("/fault/v1/network-latency/start", Map.of("DelayMilliseconds", 100,
                    "JitterMilliseconds", 0, "Sources", List.of(GuestNetwork.SERVER_V4)));

            System.out.printf("netfault root on %s: latency start answered %d %s%n", dev, r.status(), r.body());
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.body()).isEqualTo("{\"Error\":\"a netfault tc fault is already active on " + dev
                    + " (root qdisc prio 4e46:); stop it first\"}");
            assertThat(status("network-latency")).isEqualTo("not-running");
            assertThat(GuestNetwork.qdiscs(pair.a())).isEqualTo(before);
        } finally {
            pair.a().run("tc", "qdisc", "del", "dev", dev, "root");
        }
    }

    @Test
    void startIngressLatency_whileANetfaultRedirectHoldsTheIngressSlot_409() throws InterruptedException {
        String dev = pair.a().iface();
        pair.a().exec("ip", "link", "add", "nf0000beefi", "type", "ifb");
        pair.a().exec("tc", "qdisc", "add", "dev", dev, "handle", "ffff:", "ingress");
        try {
            String before = GuestNetwork.qdiscs(pair.a());
            AgentClient.Response r = agent.post("/fault/v1/network-latency/start", Map.of("DelayMilliseconds", 100,
                    "JitterMilliseconds", 0, "Sources", List.of(GuestNetwork.SERVER_V4), "TrafficType", "ingress"));

            System.out.printf("netfault ingress redirect on %s: ingress latency start answered %d %s%n", dev,
                    r.status(), r.body());
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.body()).isEqualTo("{\"Error\":\"a netfault fault already uses the ingress qdisc of " + dev
                    + "; stop it first (an ingress latency fault needs its own ingress qdisc there)\"}");
            assertThat(status("network-latency")).isEqualTo("not-running");
            assertThat(GuestNetwork.qdiscs(pair.a())).isEqualTo(before);
        } finally {
            pair.a().run("tc", "qdisc", "del", "dev", dev, "ingress");
            pair.a().run("ip", "link", "del", "nf0000beefi");
        }
    }
}
