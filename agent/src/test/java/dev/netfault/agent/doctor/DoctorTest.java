package dev.netfault.agent.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.client.AgentClient;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.kernel.KernelHealth;
import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.testing.RecordingRunner;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
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

    /** The namespace doctor checks: lo and eth0 with kernel-default roots, and these capabilities. */
    private static Doctor.NamespaceSource facts(Capabilities caps) {
        return () -> new NamespaceFacts(List.of(Link.of("lo", RootQdisc.kernelDefault("noqueue")),
                Link.of("eth0", RootQdisc.kernelDefault("pfifo_fast"))), caps);
    }

    private RecordingRunner tools() {
        return new RecordingRunner()
                .when("tc -V", new CommandResult(0, "tc utility, iproute2-6.1.0, libbpf 1.1.0\n", ""))
                .when("iptables -V", new CommandResult(0, "iptables v1.8.9 (nf_tables)\n", ""))
                .when("nft --version", new CommandResult(0, "nftables v1.0.6 (Lester Gooch #5)\n", ""));
    }

    @Test
    void run_onAKernelWithoutNetemNamesWhatIsMissingAndFails() throws InterruptedException {
        RecordingRunner tools = tools();
        Doctor doctor = new Doctor(tools, ROOT_STATUS, facts(Capabilities.withoutNetem()), dir, Optional.empty());

        DoctorReport report = doctor.run("this namespace");

        assertThat(tools.lines()).containsExactly("tc -V", "iptables -V", "ip6tables -V", "nft --version");
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.cannotWork()).containsExactly("latency", "latency-ingress", "loss-burst", "impairment", "impairment-ingress");
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
                "ok    sch_tbf                available\n",
                "ok    cls_bpf                available\n");
        String noNetem = "which this kernel lacks (Error: Specified qdisc kind is unknown.); load it (modprobe sch_netem)";
        assertThat(text).endsWith("""
                fault kinds:
                latency:            CANNOT WORK: latency needs sch_netem, %1$s or use a kernel that has it; \
                `netfault doctor` shows what is available
                latency-ingress:    CANNOT WORK: latency needs sch_netem, %1$s or use a kernel that has it; \
                `netfault doctor` shows what is available
                loss:               works via nftables netdev egress numgen
                loss-burst:         CANNOT WORK: burst loss needs sch_netem, %1$s, use a kernel that has it, or use \
                lossModel random; `netfault doctor` shows what is available
                loss-ingress:       works via nftables netdev ingress numgen
                blackhole:          works via nftables netdev egress
                blackhole-ingress:  works via nftables inet input
                impairment:         CANNOT WORK: impairment needs sch_netem, %1$s or use a kernel that has it; \
                `netfault doctor` shows what is available
                impairment-ingress: CANNOT WORK: impairment needs sch_netem, %1$s or use a kernel that has it; \
                `netfault doctor` shows what is available
                bandwidth:          works via nftables netdev egress mark + tc clsact bpf redirect to ifb + tbf
                bandwidth-ingress:  works via tc ingress u32 redirect (ipset lease) to ifb + tbf

                leases (a dead or frozen agent's faults end within serve --lease):
                latency:            cannot work here (see above)
                latency-ingress:    cannot work here (see above)
                loss:               leased: nftables netdev egress numgen
                loss-burst:         cannot work here (see above)
                loss-ingress:       leased: nftables netdev ingress numgen
                blackhole:          leased: nftables netdev egress
                blackhole-ingress:  leased: nftables inet input
                impairment:         cannot work here (see above)
                impairment-ingress: cannot work here (see above)
                bandwidth:          leased: nftables netdev egress mark + tc clsact bpf redirect to ifb + tbf
                bandwidth-ingress:  leased: tc ingress u32 redirect (ipset lease) to ifb + tbf

                5 fault kind(s) cannot work here: latency, latency-ingress, loss-burst, impairment, impairment-ingress
                """.formatted(noNetem));
    }

    @Test
    void run_withNftPath_saysHowNftCommandsRunBesideTheTool() throws InterruptedException {
        Doctor doctor = new Doctor(tools(), ROOT_STATUS, facts(Capabilities.full()), dir, Optional.empty())
                .withNftPath("nft process (libnftables not usable: Unable to load library 'libnftables.so.1')");

        String text = doctor.run("this namespace").render();

        assertThat(text).contains("ok    nft                    nftables v1.0.6 (Lester Gooch #5)\n"
                + "ok    nft path               nft process (libnftables not usable: Unable to load library"
                + " 'libnftables.so.1')\n");
        assertThat(new Doctor(tools(), ROOT_STATUS, facts(Capabilities.full()), dir, Optional.empty())
                .run("this namespace").render()).doesNotContain("nft path");
    }

    @Test
    void run_withEverythingPasses() throws InterruptedException {
        Doctor doctor = new Doctor(tools(), ROOT_STATUS, facts(Capabilities.full()), dir, Optional.empty());

        DoctorReport report = doctor.run("this namespace");

        assertThat(report.exitCode()).isZero();
        assertThat(report.checks()).allMatch(DoctorCheck::ok);
        assertThat(report.render()).endsWith("""
                fault kinds:
                latency:            works via tc prio+netem, nft priority
                latency-ingress:    works via ifb ingress redirect (ipset lease) + tc prio+netem
                loss:               works via tc prio+netem, nft priority
                loss-burst:         works via tc prio+netem, nft priority
                loss-ingress:       works via ifb ingress redirect (ipset lease) + tc prio+netem
                blackhole:          works via nftables netdev egress
                blackhole-ingress:  works via nftables inet input
                impairment:         works via tc prio+netem, nft priority
                impairment-ingress: works via ifb ingress redirect (ipset lease) + tc prio+netem
                bandwidth:          works via nftables netdev egress mark + tc clsact bpf redirect to ifb + tbf
                bandwidth-ingress:  works via tc ingress u32 redirect (ipset lease) to ifb + tbf

                leases (a dead or frozen agent's faults end within serve --lease):
                latency:            leased: tc prio+netem, nft priority
                latency-ingress:    leased: ifb ingress redirect (ipset lease) + tc prio+netem
                loss:               leased: tc prio+netem, nft priority
                loss-burst:         leased: tc prio+netem, nft priority
                loss-ingress:       leased: ifb ingress redirect (ipset lease) + tc prio+netem
                blackhole:          leased: nftables netdev egress
                blackhole-ingress:  leased: nftables inet input
                impairment:         leased: tc prio+netem, nft priority
                impairment-ingress: leased: ifb ingress redirect (ipset lease) + tc prio+netem
                bandwidth:          leased: nftables netdev egress mark + tc clsact bpf redirect to ifb + tbf
                bandwidth-ingress:  leased: tc ingress u32 redirect (ipset lease) to ifb + tbf

                every fault kind can work here
                """);
    }

    @Test
    void render_startsEveryKindAndLeaseTextOneSpaceAfterTheLongestLabel() throws InterruptedException {
        DoctorReport report = new Doctor(tools(), ROOT_STATUS, facts(Capabilities.full()), dir, Optional.empty())
                .run("this namespace");
        String longest = "impairment-ingress:";

        List<String> lines = report.render().lines().toList();
        List<String> kindLines = lines.subList(lines.indexOf("fault kinds:") + 1, lines.indexOf("fault kinds:") + 12);
        int leases = lines.indexOf("leases (a dead or frozen agent's faults end within serve --lease):");
        List<String> leaseLines = lines.subList(leases + 1, leases + 12);

        assertThat(report.kinds()).extracting(k -> k.kind() + ":").contains(longest)
                .allMatch(label -> label.length() <= longest.length());
        for (List<String> block : List.of(kindLines, leaseLines)) {
            assertThat(block).hasSize(11).allSatisfy(line -> {
                String label = line.substring(0, line.indexOf(':') + 1);
                assertThat(line.substring(label.length(), longest.length() + 1)).as(line).isBlank();
                assertThat(line.charAt(longest.length() + 1)).as(line).isNotEqualTo(' ');
            });
        }
        assertThat(kindLines.get(8)).isEqualTo(longest + " works via ifb ingress redirect (ipset lease) + tc prio+netem");
        assertThat(kindLines.get(0)).isEqualTo("latency:" + " ".repeat(12) + "works via tc prio+netem, nft priority");
        assertThat(leaseLines.get(6)).isEqualTo("blackhole-ingress:  leased: nftables inet input");
    }

    @Test
    void run_withoutNetAdminAndWithoutToolsSaysHowToFix() throws InterruptedException {
        RecordingRunner tools = new RecordingRunner()
                .when("tc -V", new CommandResult(127, "", "tc: Cannot run program \"tc\": error=2, No such file or directory"));
        Capabilities none = new Capabilities(Set.of(), Map.of(Feature.IPTABLES, "needs root (CAP_NET_ADMIN)"), "unknown");
        Doctor doctor = new Doctor(tools, USER_STATUS, facts(none), dir.resolve("a/b"), Optional.empty());

        DoctorReport report = doctor.run("this namespace");

        assertThat(report.checks().get(0)).isEqualTo(DoctorCheck.fail("root / CAP_NET_ADMIN",
                "CapEff 0000000000000000 lacks CAP_NET_ADMIN", Hints.ROOT));
        assertThat(report.checks().get(1)).isEqualTo(DoctorCheck.fail("tc", "'tc -V' failed (exit 127): tc: Cannot run"
                + " program \"tc\": error=2, No such file or directory", "apt-get install iproute2"));
        assertThat(report.checks()).filteredOn(c -> c.name().equals("state dir")).singleElement()
                .isEqualTo(DoctorCheck.ok("state dir", dir.resolve("a/b") + " can be created in " + dir));
        assertThat(report.cannotWork()).containsExactly("latency", "latency-ingress", "loss", "loss-burst",
                "loss-ingress", "blackhole", "blackhole-ingress", "impairment", "impairment-ingress", "bandwidth",
                "bandwidth-ingress");
        assertThat(report.kinds().get(6).explanation()).isEqualTo("an ingress blackhole needs the iptables time and "
                + "comment matches (time: not available in this namespace; comment: not available in this namespace); "
                + "run `netfault doctor`");
    }

    @Test
    void run_verdictsAreThePlannersOwn_theAnswerHealthzGives() throws InterruptedException {
        // ingress latency redirects with a u32 filter: without u32 the planner refuses it, and so does doctor
        Capabilities noU32 = Capabilities.full().without(Feature.U32, "tc accepted 'u32 match ip dst 198.51.100.1/32' "
                + "but the kernel installed it without its match key: it would match every packet");
        Doctor.NamespaceSource namespace = facts(noU32);

        DoctorReport report = new Doctor(tools(), ROOT_STATUS, namespace, dir, Optional.empty()).run("here");

        Health health = KernelHealth.of(new FaultPlanner(), namespace.read(), "here");
        assertThat(report.kinds()).extracting(KindVerdict::kind).containsExactlyElementsOf(health.unsupported().keySet());
        for (KindVerdict v : report.kinds()) {
            assertThat(v.explanation()).as(v.kind()).isEqualTo(v.works() ? health.mechanisms().get(v.kind())
                    : health.unsupported().get(v.kind()));
        }
        assertThat(report.render()).contains("latency-ingress:    CANNOT WORK: ingress latency needs ifb, act_mirred and "
                + "cls_u32 to redirect ingress traffic (ifb: ok; mirred: ok); run `netfault doctor`\n");
        assertThat(report.cannotWork()).containsExactly("latency-ingress", "loss-ingress", "impairment-ingress",
                "bandwidth-ingress");
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

            DoctorReport report = new Doctor(tools(), ROOT_STATUS, facts(Capabilities.full()), dir, Optional.of(agent)).run("here");

            assertThat(report.checks().get(report.checks().size() - 1)).isEqualTo(
                    DoctorCheck.ok("agent", "answers /healthz at " + url + " (mode kernel: NET_ADMIN present)"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void run_unreachableAgentIsAFailedCheck() throws InterruptedException {
        AgentClient agent = new AgentClient(URI.create("http://127.0.0.1:1"), Optional.empty());
        Doctor doctor = new Doctor(tools(), ROOT_STATUS, facts(Capabilities.full()), dir, Optional.of(agent));

        DoctorReport report = doctor.run("this namespace");

        DoctorCheck last = report.checks().get(report.checks().size() - 1);
        assertThat(last.name()).isEqualTo("agent");
        assertThat(last.ok()).isFalse();
        assertThat(last.detail()).startsWith("cannot reach the agent at http://127.0.0.1:1");
        assertThat(report.exitCode()).as("an absent agent does not stop a fault kind from working").isZero();
    }
}
