package dev.netfault.agent.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.client.AgentClient;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.testing.RecordingRunner;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorTest {

    private static final String ROOT_STATUS = "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t000001fffeffffff\n";
    private static final String USER_STATUS = "Name:\tjava\nCapEff:\t0000000000000000\n";

    @TempDir
    Path dir;

    private RecordingRunner tools() {
        return new RecordingRunner()
                .when("tc -V", new CommandResult(0, "tc utility, iproute2-6.1.0, libbpf 1.1.0\n", ""))
                .when("iptables -V", new CommandResult(0, "iptables v1.8.9 (nf_tables)\n", ""))
                .when("nft --version", new CommandResult(0, "nftables v1.0.6 (Lester Gooch #5)\n", ""));
    }

    @Test
    void run_onAKernelWithoutNetemNamesWhatIsMissingAndFails() throws InterruptedException {
        RecordingRunner tools = tools();
        Doctor doctor = new Doctor(tools, ROOT_STATUS, Capabilities::withoutNetem, dir, Optional.empty());

        DoctorReport report = doctor.run("this namespace");

        assertThat(tools.lines()).containsExactly("tc -V", "iptables -V", "ip6tables -V", "nft --version");
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.cannotWork()).containsExactly("latency", "loss burst", "ingress latency");
        String text = report.render();
        assertThat(text).contains(
                "ok    root / CAP_NET_ADMIN   CapEff 000001fffeffffff includes CAP_NET_ADMIN\n",
                "ok    tc                     tc utility, iproute2-6.1.0, libbpf 1.1.0\n",
                "ok    iptables backend       nf_tables\n",
                "FAIL  sch_netem              missing: Error: Specified qdisc kind is unknown.\n"
                        + "                             fix: modprobe sch_netem; on Debian/Ubuntu the module is in the stock"
                        + " kernel package",
                "FAIL  sch_prio               missing: Error: Specified qdisc kind is unknown.\n",
                "ok    ifb                    available\n",
                "latency:           CANNOT WORK: latency needs sch_netem, which this kernel lacks (Error: Specified qdisc"
                        + " kind is unknown.). Fix: modprobe sch_netem;",
                "some cloud/minimal kernels lack it - use a kernel with it",
                "loss random:       works via nftables netdev egress numgen (silent drops; no sch_netem here)\n",
                "blackhole egress:  works via nftables netdev egress (silent drops)\n",
                "blackhole ingress: works via nftables input hook in netfault's own table (silent drops)\n",
                "leases (a dead or frozen agent's faults end within serve --lease):\n"
                        + "latency egress:    cannot work here (see above)\n"
                        + "latency ingress:   cannot work here (see above)\n"
                        + "loss egress:       leased: nftables netdev egress numgen, gated by an nft set whose elements time out\n"
                        + "loss ingress:      leased: nftables netdev ingress numgen, gated by an nft set whose elements time out\n"
                        + "loss burst:        cannot work here (see above)\n"
                        + "blackhole egress:  leased: nftables netdev egress, gated by an nft set whose elements time out\n"
                        + "blackhole ingress: leased: nftables inet input, gated by an nft set whose elements time out\n",
                "3 fault kind(s) cannot work here: latency, loss burst, ingress latency\n");
    }

    @Test
    void run_withEverythingPasses() throws InterruptedException {
        Doctor doctor = new Doctor(tools(), ROOT_STATUS, Capabilities::full, dir, Optional.empty());

        DoctorReport report = doctor.run("this namespace");

        assertThat(report.exitCode()).isZero();
        assertThat(report.checks()).allMatch(DoctorCheck::ok);
        assertThat(report.render()).contains("latency:           works via tc prio + netem delay, u32 filters\n",
                "loss burst:        works via tc prio + netem loss gemodel\n",
                "ingress latency:   works via ingress redirect to an ifb + netem delay\n",
                "every fault kind can work here\n");
    }

    @Test
    void run_withoutNetAdminAndWithoutToolsSaysHowToFix() throws InterruptedException {
        RecordingRunner tools = new RecordingRunner()
                .when("tc -V", new CommandResult(127, "", "tc: Cannot run program \"tc\": error=2, No such file or directory"));
        Capabilities none = new Capabilities(Set.of(), Map.of(Feature.IPTABLES, "needs root (CAP_NET_ADMIN)"), "unknown");
        Doctor doctor = new Doctor(tools, USER_STATUS, () -> none, dir.resolve("a/b"), Optional.empty());

        DoctorReport report = doctor.run("this namespace");

        assertThat(report.checks().get(0)).isEqualTo(DoctorCheck.fail("root / CAP_NET_ADMIN",
                "CapEff 0000000000000000 lacks CAP_NET_ADMIN", Hints.ROOT));
        assertThat(report.checks().get(1)).isEqualTo(DoctorCheck.fail("tc", "'tc -V' failed (exit 127): tc: Cannot run"
                + " program \"tc\": error=2, No such file or directory", "apt-get install iproute2"));
        assertThat(report.checks()).filteredOn(c -> c.name().equals("state dir")).singleElement()
                .isEqualTo(DoctorCheck.ok("state dir", dir.resolve("a/b") + " can be created in " + dir));
        assertThat(report.cannotWork()).containsExactly("latency", "loss random", "loss burst", "blackhole egress",
                "blackhole ingress", "ingress latency");
        assertThat(report.kinds().get(4).explanation())
                .isEqualTo("needs iptables (needs root (CAP_NET_ADMIN)). Fix: apt-get install iptables");
    }

    @Test
    void run_reachableAgentShowsItsMode() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/healthz", ex -> {
            byte[] body = "{\"status\":\"serving\",\"mode\":\"kernel\",\"modeReason\":\"NET_ADMIN present\"}".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            AgentClient agent = new AgentClient(URI.create(url), Optional.empty());

            DoctorReport report = new Doctor(tools(), ROOT_STATUS, Capabilities::full, dir, Optional.of(agent)).run("here");

            assertThat(report.checks().get(report.checks().size() - 1)).isEqualTo(
                    DoctorCheck.ok("agent", "answers /healthz at " + url + " (mode kernel: NET_ADMIN present)"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void run_unreachableAgentIsAFailedCheck() throws InterruptedException {
        AgentClient agent = new AgentClient(URI.create("http://127.0.0.1:1"), Optional.empty());
        Doctor doctor = new Doctor(tools(), ROOT_STATUS, Capabilities::full, dir, Optional.of(agent));

        DoctorReport report = doctor.run("this namespace");

        DoctorCheck last = report.checks().get(report.checks().size() - 1);
        assertThat(last.name()).isEqualTo("agent");
        assertThat(last.ok()).isFalse();
        assertThat(last.detail()).startsWith("cannot reach the agent at http://127.0.0.1:1");
        assertThat(report.exitCode()).as("an absent agent does not stop a fault kind from working").isZero();
    }
}
