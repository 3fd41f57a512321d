package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.e2e.AgentClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ingress latency and loss through an ifb are held by a kernel lease (an ipset-gated redirect) and never touch the
 * application's own ingress qdisc: with an application's ingress (or clsact) qdisc and u32 filter, an ingress start
 * is refused with 400 naming it, an egress cycle leaves it alone, and {@code tc -j qdisc show} plus its filters are
 * byte-identical afterwards.
 */
class IngressLeaseGuestTest extends AgentTestBase {

    static final String LEASE = "3s";
    static final double LEASE_S = 3.0;

    @Test
    void ingressLatency_heldWhileRenewedThenLapsesAfterSigkillWithinLeasePlusOneSecond() throws Exception {
        try (SharedAgent.Fixture own = SharedAgent.Fixture.create("--lease", LEASE)) {
            AgentClient leased = own.client();
            {
                double base = Ping.run(own.pair().a(), GuestNetwork.SERVER_V4, 20, "0.02").median();
                AgentClient.Response started = leased.post("/fault/v1/network-latency/start", Map.of(
                        "DelayMilliseconds", 100, "JitterMilliseconds", 0, "TrafficType", "ingress",
                        "Sources", List.of(GuestNetwork.SERVER_V4)));
                assertThat(started.status()).as(started.toString()).isEqualTo(200);
                Thread.sleep(500);
                String sets = own.pair().a().exec("ipset", "list", "-n");
                double during = Ping.run(own.pair().a(), GuestNetwork.SERVER_V4, 20, "0.02").median();
                Thread.sleep((long) (3 * LEASE_S * 1000)); // three lease periods: only renewals keep it biting
                double renewed = Ping.run(own.pair().a(), GuestNetwork.SERVER_V4, 20, "0.02").median();
                System.out.printf("ingress latency leased (%s): baseline %.2f ms, during %.2f ms, after 3 lease periods "
                        + "%.2f ms; sets %s%n", LEASE, base, during, renewed, sets.strip().replace('\n', ' '));
                assertThat(sets).contains("-l4", "-l6");
                assertThat(during - base).isBetween(98.0, 110.0);
                assertThat(renewed - base).as("still biting after 3 lease periods").isBetween(98.0, 110.0);

                String set4 = java.util.Arrays.stream(sets.split("\n")).map(String::strip)
                        .filter(n -> n.endsWith("-l4")).findFirst().orElseThrow();
                long killed = System.nanoTime();
                own.agent().kill9();
                double killMs = (System.nanoTime() - killed) / 1e6;
                String members = own.pair().a().exec("ipset", "list", set4);
                System.out.printf("ingress lease right after SIGKILL (%.0f ms): %s%n", killMs,
                        members.substring(members.indexOf("Members:")).strip().replace('\n', ' '));
                long pingStart = System.nanoTime();
                Ping.Samples after = Ping.run(own.pair().a(), GuestNetwork.SERVER_V4, 80, "0.1");
                double offset = (pingStart - killed) / 1e9;
                int lastImpaired = -1;
                for (int seq = 0; seq < after.rttMs().length; seq++) {
                    double rtt = after.rttMs()[seq];
                    if (Double.isNaN(rtt) || rtt > base + 50) {
                        lastImpaired = seq;
                    }
                }
                double cleanAt = offset + (lastImpaired + 1) * 0.1;
                double pingSeconds = (System.nanoTime() - pingStart) / 1e9;
                System.out.printf("80 echoes 0.1 s apart took %.2f s in the guest (clean-time estimate assumes 8.0 s)%n",
                        pingSeconds);
                double tail = Ping.run(own.pair().a(), GuestNetwork.SERVER_V4, 20, "0.02").median();
                System.out.printf("ingress latency after SIGKILL of the agent (kill took %.0f ms): last delayed echo "
                        + "seq %d, traffic clean %.2f s after the kill (lease %.0f s); RTT afterwards %.2f ms "
                        + "(baseline %.2f ms)%n", killMs, lastImpaired, cleanAt, LEASE_S, tail, base);
                assertThat(lastImpaired).as("the fault bit right after the kill (renewed less than a lease ago)")
                        .isGreaterThanOrEqualTo(0);
                assertThat(cleanAt).as("seconds from SIGKILL to clean traffic").isLessThanOrEqualTo(LEASE_S + 1.0);
                assertThat(tail).isLessThan(base + 2.0);
            }
        }
    }

    @Test
    void ingressLoss_startedCycleLeavesQdiscsFiltersAndIpsetsByteIdentical() throws InterruptedException {
        String before = snapshot() + pair.a().exec("ipset", "list", "-n");
        startOk("network-packet-loss", Map.of("LossPercent", 100, "TrafficType", "ingress",
                "Sources", List.of(GuestNetwork.SERVER_V4)));
        String sets = pair.a().exec("ipset", "list", "-n");
        Ping.Samples during = Ping.run(pair.a(), GuestNetwork.SERVER_V4, 20, "0.02");
        stopOk("network-packet-loss");
        String after = snapshot() + pair.a().exec("ipset", "list", "-n");
        System.out.printf("ingress loss 100%% (leased): %d of 20 echoes lost; sets %s; qdiscs, filters and ipsets "
                + "byte-identical after stop: %b%n", during.lost(), sets.strip().replace('\n', ' '), before.equals(after));
        assertThat(sets).contains("-l4", "-l6");
        assertThat(during.lost()).isEqualTo(20);
        assertThat(after).isEqualTo(before);
        assertBackToBaseline("leased ingress loss stop");
    }

    @Test
    void ingressLatency_refusedBesideTheApplicationsIngressQdiscWhichStaysByteIdentical() throws InterruptedException {
        appIngress("ingress");
        refusedStart("network-latency", Map.of("DelayMilliseconds", 100, "JitterMilliseconds", 0,
                "TrafficType", "ingress", "Sources", List.of(GuestNetwork.SERVER_V4)), "ingress");
    }

    @Test
    void ingressLoss_refusedBesideTheApplicationsIngressQdiscWhichStaysByteIdentical() throws InterruptedException {
        appIngress("ingress");
        refusedStart("network-packet-loss", Map.of("LossPercent", 20, "TrafficType", "ingress",
                "Sources", List.of(GuestNetwork.SERVER_V4)), "ingress");
    }

    @Test
    void ingressLatency_refusedBesideTheApplicationsClsactWhichStaysByteIdentical() throws InterruptedException {
        appIngress("clsact");
        refusedStart("network-latency", Map.of("DelayMilliseconds", 100, "JitterMilliseconds", 0,
                "TrafficType", "ingress", "Sources", List.of(GuestNetwork.SERVER_V4)), "clsact");
    }

    @Test
    void egressLatency_startStopBesideTheApplicationsIngressQdiscLeavesItByteIdentical() throws InterruptedException {
        appIngress("ingress");
        try {
            String before = snapshot();
            startOk("network-latency", Map.of("DelayMilliseconds", 100, "JitterMilliseconds", 0,
                    "Sources", List.of(GuestNetwork.SERVER_V4)));
            double added = median(GuestNetwork.SERVER_V4, 20) - baseline;
            stopOk("network-latency");
            String after = snapshot();
            System.out.printf("egress latency beside the application's ingress qdisc + u32 filter: added %.2f ms; "
                    + "qdiscs and filters byte-identical after stop: %b%n", added, before.equals(after));
            assertThat(added).isBetween(98.0, 110.0);
            assertThat(after).isEqualTo(before);
        } finally {
            removeAppIngress();
        }
    }

    private void refusedStart(String kind, Map<String, ?> body, String qdisc) throws InterruptedException {
        try {
            String before = snapshot();
            AgentClient.Response r = agent.post("/fault/v1/" + kind + "/start", body);
            String after = snapshot();
            System.out.printf("%s ingress beside the application's %s qdisc + u32 filter: %d %s; byte-identical %b%n",
                    kind, qdisc, r.status(), r.body().strip(), before.equals(after));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("Error").asText()).contains("interface " + pair.a().iface() + " already has a"
                    + (qdisc.equals("ingress") ? "n ingress" : " clsact") + " qdisc that netfault does not own");
            assertThat(status(kind)).isEqualTo("not-running");
            assertThat(after).isEqualTo(before);
        } finally {
            removeAppIngress();
        }
    }

    /** The application's own ingress-side qdisc with a u32 filter that only counts (no action: it never drops). */
    private void appIngress(String qdisc) throws InterruptedException {
        String dev = pair.a().iface();
        if (qdisc.equals("ingress")) {
            pair.a().exec("tc", "qdisc", "add", "dev", dev, "handle", "ffff:", "ingress");
        } else {
            pair.a().exec("tc", "qdisc", "add", "dev", dev, "clsact");
        }
        pair.a().exec("tc", "filter", "add", "dev", dev, "ingress", "protocol", "ip", "pref", "10", "u32",
                "match", "ip", "src", "198.51.100.9/32", "classid", "1:1");
    }

    private void removeAppIngress() throws InterruptedException {
        pair.a().run("tc", "qdisc", "del", "dev", pair.a().iface(), "ingress");
        pair.a().run("tc", "qdisc", "del", "dev", pair.a().iface(), "clsact");
    }

    private String snapshot() throws InterruptedException {
        return pair.a().exec("tc", "-j", "qdisc", "show") + "\n"
                + pair.a().exec("tc", "-j", "filter", "show", "dev", pair.a().iface(), "ingress");
    }
}
