package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.impairment.ImpairmentSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Targeting;
import dev.netfault.bridge.testing.AppliedFault;
import dev.netfault.bridge.testing.ApplicationState;
import dev.netfault.bridge.testing.Facts;
import dev.netfault.bridge.testing.KernelRoundTrip;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The impairment kind in a kernel with netem (tc-bridge's plan applied directly, the agent's routes come later):
 * corruption, duplication, reordering and a combination measured on a numbered UDP stream ({@link UdpPeer}: sequence
 * numbers, the sender's monotonic clock and a CRC-32 of the payload in each datagram) between two namespaces, egress
 * and ingress, IPv4 and IPv6; every revert leaves the namespace byte-identical, beside the application's own rules.
 */
@Tag("guest")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImpairmentGuestTest {

    private static final int PORT = 9000;
    private static final int COUNT = 3000;
    private static final long GAP_US = 1000;

    private NetnsPair pair;
    private UdpPeerProcess a;
    private UdpPeerProcess b;

    @BeforeAll
    void start() throws InterruptedException {
        GuestAssumptions.assumeNetem();
        pair = NetnsPair.builder().prefix("nfgd").create();
        try {
            pair.warmNeighbours();
            a = UdpPeerProcess.start(pair.a(), PORT);
            b = UdpPeerProcess.start(pair.b(), PORT);
            // a first stream each way, not counted: a cold receiver JVM on the emulated CPU overflows its socket buffer
            stream(Direction.EGRESS, NetnsPair.B_IPV4, 10);
            stream(Direction.INGRESS, NetnsPair.A_IPV4, 10);
        } catch (RuntimeException | InterruptedException e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private static ImpairmentSpec spec(long delay, int loss, int corrupt, int dup, int reorder, Targeting t) {
        return new ImpairmentSpec(delay, 0, 0, Distribution.NONE, loss, LossModel.RANDOM, 0, corrupt, dup, reorder, t);
    }

    private static Targeting to(String address, Direction direction) {
        return Targeting.all().withSources(List.of(Cidr.parse(address + (address.contains(":") ? "/128" : "/32"))))
                .withDirection(direction);
    }

    /**
     * Everything a plan may touch in A, with the filters and classes of its veth. Packet counters are left out: the
     * application's iptables rules (listed by {@code nft list ruleset} on the nf_tables backend) count the test's own
     * datagrams, which is traffic, not a change of rules.
     */
    private String snapshot() throws InterruptedException {
        Netns ns = pair.a();
        String all = KernelRoundTrip.snapshot(ns) + ns.exec("tc", "-j", "class", "show", "dev", ns.iface())
                + ns.exec("tc", "-j", "filter", "show", "dev", ns.iface())
                + ns.exec("tc", "-j", "filter", "show", "dev", ns.iface(), "ingress");
        return all.replaceAll("counter packets \\d+ bytes \\d+", "counter");
    }

    /** Datagrams from A to B (egress of A) or B to A (ingress of A), counted at the other end. */
    private UdpPeerProcess.Report stream(Direction direction, String to, double earlyMs) throws InterruptedException {
        UdpPeerProcess sender = direction == Direction.EGRESS ? a : b;
        UdpPeerProcess receiver = direction == Direction.EGRESS ? b : a;
        int sent = sender.send(to, PORT, COUNT, GAP_US);
        assertThat(sent).as("send() calls that succeeded").isEqualTo(COUNT);
        return receiver.report(earlyMs);
    }

    /** Datagrams the receiving namespace dropped for a full socket buffer, IPv4 and IPv6 together. */
    private long rcvbufErrors(Netns ns) throws InterruptedException {
        return udpCounter(ns, "snmp", "RcvbufErrors") + udpCounter(ns, "snmp6", "Udp6RcvbufErrors");
    }

    /** The lines of one snapshot that the other lacks, for a readable failure. */
    private static String diff(String before, String after) {
        List<String> b = before.lines().toList();
        List<String> a = after.lines().toList();
        return "gone: " + b.stream().filter(l -> !a.contains(l)).toList() + " new: "
                + a.stream().filter(l -> !b.contains(l)).toList();
    }

    private long udpCounter(Netns ns, String file, String field) throws InterruptedException {
        String[] lines = ns.exec("cat", "/proc/net/" + file).split("\n");
        if (file.equals("snmp6")) {
            for (String l : lines) {
                String[] f = l.trim().split("\\s+");
                if (f[0].equals(field)) {
                    return Long.parseLong(f[1]);
                }
            }
        } else {
            for (int i = 0; i + 1 < lines.length; i++) {
                if (lines[i].startsWith("Udp: ") && lines[i + 1].startsWith("Udp: ")) {
                    List<String> names = List.of(lines[i].split(" "));
                    return Long.parseLong(lines[i + 1].split(" ")[names.indexOf(field)]);
                }
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/net/" + file);
    }

    @Test
    void corrupt_egressIpv4_intactDatagramsAreOneMinusTheRate() throws InterruptedException {
        String server = NetnsPair.B_IPV4;
        UdpPeerProcess.Report clean = stream(Direction.EGRESS, server, 10);
        String before = snapshot();
        long csumBefore = udpCounter(pair.b(), "snmp", "InCsumErrors");
        long bufBefore = rcvbufErrors(pair.b());
        UdpPeerProcess.Report r;
        try (AppliedFault f = AppliedFault.apply(pair.a(), spec(0, 0, 10, 0, 0, to(server, Direction.EGRESS)))) {
            r = stream(Direction.EGRESS, server, 10);
        }
        long csum = udpCounter(pair.b(), "snmp", "InCsumErrors") - csumBefore;
        long buf = rcvbufErrors(pair.b()) - bufBefore;
        String after = snapshot();
        double intact = (double) r.intact() / COUNT;
        System.out.printf("impairment corrupt 10%% egress IPv4: unimpaired %d/%d intact; impaired %d/%d intact (%.2f%%, "
                + "expected 90%%), %d delivered with a bad payload CRC, %d dropped by the receiver's UDP checksum "
                + "(InCsumErrors), %d duplicates, %d dropped for a full socket buffer; byte-identical after revert: %b%n",
                clean.intact(), COUNT, r.intact(), COUNT, 100 * intact, r.corrupt(), csum, r.duplicates(), buf,
                before.equals(after));
        assertThat(after).as(diff(before, after)).isEqualTo(before);
        assertThat(buf).as("datagrams the receiver dropped for a full buffer (not the fault's)").isZero();
        assertThat(clean.intact()).isEqualTo(COUNT);
        assertThat(clean.corrupt()).isZero();
        assertThat(intact).isBetween(0.87, 0.93);
        assertThat(r.unique()).isEqualTo(r.intact());
    }

    @Test
    void duplicate_egressIpv6_receivedIsOnePlusTheRate() throws InterruptedException {
        String server = NetnsPair.B_IPV6;
        String before = snapshot();
        long bufBefore = rcvbufErrors(pair.b());
        UdpPeerProcess.Report r;
        try (AppliedFault f = AppliedFault.apply(pair.a(), spec(0, 0, 0, 10, 0, to(server, Direction.EGRESS)))) {
            r = stream(Direction.EGRESS, server, 10);
        }
        String after = snapshot();
        double ratio = (double) r.intact() / COUNT;
        System.out.printf("impairment duplicate 10%% egress IPv6: %d datagrams received for %d sent (x%.4f, expected "
                + "x1.10), %d distinct, %d duplicates by sequence number, %d corrupt; byte-identical after revert: %b%n",
                r.intact(), COUNT, ratio, r.unique(), r.duplicates(), r.corrupt(), before.equals(after));
        assertThat(after).as(diff(before, after)).isEqualTo(before);
        assertThat(rcvbufErrors(pair.b()) - bufBefore).as("dropped for a full socket buffer").isZero();
        assertThat(r.unique()).isEqualTo(COUNT);
        assertThat(ratio).isBetween(1.07, 1.13);
        assertThat(r.duplicates()).isEqualTo(r.intact() - COUNT);
    }

    @Test
    void reorder_egressIpv4_invertsTheNumberedStreamWhichIsInOrderUnimpaired() throws InterruptedException {
        String server = NetnsPair.B_IPV4;
        UdpPeerProcess.Report clean = stream(Direction.EGRESS, server, 10);
        String before = snapshot();
        UdpPeerProcess.Report delayed;
        try (AppliedFault f = AppliedFault.apply(pair.a(), spec(20, 0, 0, 0, 0, to(server, Direction.EGRESS)))) {
            delayed = stream(Direction.EGRESS, server, 10);
        }
        UdpPeerProcess.Report r;
        try (AppliedFault f = AppliedFault.apply(pair.a(), spec(20, 0, 0, 0, 25, to(server, Direction.EGRESS)))) {
            r = stream(Direction.EGRESS, server, 10);
        }
        String after = snapshot();
        // A datagram sent at once overtakes every delayed one sent in the 20 ms before it, so a delayed datagram
        // arrives late unless no later one was sent at once within 20 ms (0.75^20 = 0.3 %): the share that did not
        // arrive late estimates the reorder rate from the arrival order alone, whatever the receiver's pace.
        double notLate = 1 - (double) r.late() / r.unique();
        System.out.printf("impairment reorder: %d datagrams 1 ms apart; unimpaired %d late (inversions), one-way "
                + "delay median %.2f ms; delay 20 ms alone: %d late, least %.2f ms, median %.2f ms; delay 20 ms + "
                + "reorder 25%%: %d late, so %.2f%% (expected 25%% + 0.75 x 0.75^20 = 25.2%%) sent at once; one-way "
                + "delay under 10 ms for %d (%.2f%%), median %.2f ms, p90 %.2f ms; byte-identical after revert: %b%n",
                COUNT, clean.late(), clean.owd50(), delayed.late(), delayed.owdMin(), delayed.owd50(), r.late(),
                100 * notLate, r.early(), 100.0 * r.early() / r.unique(), r.owd50(), r.owd90(), before.equals(after));
        assertThat(after).as(diff(before, after)).isEqualTo(before);
        // the controls: neither the path nor the delay alone reorders. Under QEMU's emulated clock a delay-only run
        // once saw 2 of 3,000 late (CI, 2026-12-01); at most 0.5 % still tells them from the 75 % reorder gives
        assertThat(clean.late()).isLessThanOrEqualTo(COUNT / 200);
        assertThat(delayed.late()).isLessThanOrEqualTo(COUNT / 200);
        assertThat(delayed.owdMin()).as("least one-way delay with delay 20 ms").isGreaterThanOrEqualTo(19.9);
        assertThat(r.unique()).isEqualTo(COUNT);
        assertThat(r.late()).isGreaterThan(COUNT / 2);
        assertThat(notLate).isBetween(0.21, 0.30);
    }

    @Test
    void combination_ingressIpv4_delayLossAndDuplicatesTogetherBesideTheApplicationsRules() throws InterruptedException {
        String client = NetnsPair.A_IPV4;
        ApplicationState.install(pair.a(), 8080);
        try {
            double baseline = Ping.run(pair.a(), NetnsPair.B_IPV4, 20, "0.05").median();
            UdpPeerProcess.Report clean = stream(Direction.INGRESS, client, 25);
            String before = snapshot();
            long bufBefore = rcvbufErrors(pair.a());
            UdpPeerProcess.Report r;
            Ping.Samples ping;
            try (AppliedFault f = AppliedFault.apply(pair.a(), spec(50, 5, 0, 5, 0,
                    to(NetnsPair.B_IPV4, Direction.INGRESS)))) {
                r = stream(Direction.INGRESS, client, 25);
                ping = Ping.run(pair.a(), NetnsPair.B_IPV4, 100, "0.05");
            }
            String after = snapshot();
            double delivered = (double) r.unique() / COUNT;
            double dups = (double) r.duplicates() / COUNT;
            System.out.printf("impairment delay 50 ms + loss 5%% + duplicate 5%% ingress IPv4 (beside the application's "
                    + "iptables, nft table and htb root): unimpaired %d/%d, one-way delay median %.2f ms, ping RTT "
                    + "median %.2f ms; impaired: one-way delay least %.2f ms, median %.2f ms (p90 %.2f); "
                    + "distinct delivered %d/%d (%.2f%%, expected 100 - 5 x 0.95 = 95.25%%), duplicates %d (%.2f%%, "
                    + "expected 5 x 0.95 = 4.75%%); ping RTT median %.2f ms (added %.2f ms), %d of 100 echoes lost; "
                    + "byte-identical after revert: %b%n", clean.unique(), COUNT, clean.owd50(), baseline, r.owdMin(),
                    r.owd50(), r.owd90(), r.unique(), COUNT, 100 * delivered, r.duplicates(), 100 * dups,
                    ping.median(), ping.median() - baseline, ping.lost(), before.equals(after));
            assertThat(after).as(diff(before, after)).isEqualTo(before);
            assertThat(rcvbufErrors(pair.a()) - bufBefore).as("dropped for a full socket buffer").isZero();
            assertThat(clean.unique()).isEqualTo(COUNT);
            assertThat(r.owdMin()).as("least one-way delay with delay 50 ms").isGreaterThanOrEqualTo(49.9);
            assertThat(delivered).isBetween(0.93, 0.975);
            assertThat(dups).isBetween(0.03, 0.065);
            assertThat(ping.median() - baseline).isBetween(48.0, 55.0);
        } finally {
            pair.a().run("tc", "qdisc", "del", "dev", pair.a().iface(), "root");
            pair.a().run("nft", "delete", "table", "inet", ApplicationState.NFT_TABLE);
            pair.a().run("iptables", "-F");
            pair.a().run("iptables", "-X");
            pair.a().run("iptables", "-t", "mangle", "-F");
            pair.a().run("ip6tables", "-F");
        }
    }

    @Test
    void netem_acceptsEveryKindOfCombinationAndRevertsByteIdentical() throws InterruptedException {
        Targeting all = Targeting.all();
        List<ImpairmentSpec> specs = List.of(
                new ImpairmentSpec(5, 10, 25, Distribution.NORMAL, 0, LossModel.RANDOM, 0, 0, 0, 0, all),
                new ImpairmentSpec(0, 10, 25, Distribution.UNIFORM, 0, LossModel.RANDOM, 0, 0, 0, 0, all),
                new ImpairmentSpec(50, 10, 30, Distribution.PARETO, 20, LossModel.BURST, 5, 1, 2, 3, all),
                new ImpairmentSpec(0, 0, 0, Distribution.NONE, 100, LossModel.RANDOM, 0, 100, 100, 0, all),
                new ImpairmentSpec(1, 0, 0, Distribution.NONE, 0, LossModel.RANDOM, 0, 0, 0, 100,
                        all.withDirection(Direction.INGRESS)),
                new ImpairmentSpec(10, 5, 0, Distribution.PARETONORMAL, 10, LossModel.BURST, 3, 0, 5, 0,
                        all.withDirection(Direction.INGRESS)));
        try (Netns ns = KernelRoundTrip.namespace("nfgdrt")) {
            for (ImpairmentSpec s : specs) {
                KernelRoundTrip.applyVerifyRevert(ns, new FaultPlanner().plan(FaultId.random(), s, Facts.read(ns),
                        PlanContext.of(Instant.now().plusSeconds(600), PlanContext.DEFAULT_CONTROL_PORT, List.of())));
            }
        }
        System.out.printf("impairment: %d combinations applied, verified and reverted byte-identical%n", specs.size());
    }
}
