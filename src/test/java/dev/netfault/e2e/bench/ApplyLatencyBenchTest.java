package dev.netfault.e2e.bench;

import dev.netfault.e2e.AgentClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.Netns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 1: API call to fault verified in the kernel, and stop to verified gone, over {@value #CYCLES} cycles per
 * fault (the agent answers 200 only after reading its rules back; each answer is then confirmed from outside with
 * {@code nft list tables} / {@code iptables-save}). In the same run, the ECS agent's command sequence for the same
 * blackhole, one {@code nsenter --net=} exec per command, timed the same way.
 */
@Tag("bench")
class ApplyLatencyBenchTest {

    static final int CYCLES = Integer.getInteger("netfault.bench.cycles", 200);
    static final String BH = "/fault/v1/network-blackhole-port/";
    static final String LOSS = "/fault/v1/network-packet-loss/";

    @TempDir
    Path tmp;

    @Test
    void applyLatency_netfaultVersusEcsSequence() throws Exception {
        try (BenchSetup s = BenchSetup.create(tmp)) {
            String egress = "{\"Port\":8080,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}";
            String ingress = "{\"Port\":8080,\"Protocol\":\"tcp\",\"TrafficType\":\"ingress\"}";
            String loss = "{\"LossPercent\":20,\"Sources\":[\"198.51.100.2\"]}";
            Series[] e = cycles(s, "blackhole egress", BH, egress, egress);
            Series[] i = cycles(s, "blackhole ingress", BH, ingress, ingress);
            Series[] l = cycles(s, "loss", LOSS, loss, "");
            Series[] ecsOut = ecs(s.a(), "egress", "OUTPUT", "-d");
            Series[] ecsIn = ecs(s.a(), "ingress", "INPUT", "-s");

            report("blackhole egress", e, ecsOut);
            report("blackhole ingress", i, ecsIn);
            report("loss 20% (nft fallback)", l, null);
        }
    }

    /** Start/stop cycles of one fault through the API; every answer confirmed from outside the agent. */
    private static Series[] cycles(BenchSetup s, String name, String route, String startBody, String stopBody)
            throws InterruptedException {
        Series start = new Series(name + " start");
        Series stop = new Series(name + " stop");
        String mechanism = "";
        for (int c = 0; c < CYCLES; c++) {
            AgentClient.Response r = s.client.post(route + "start", startBody);
            assertThat(r.status()).as(name + " start: " + r.body()).isEqualTo(200);
            start.add(r.millis());
            if (c == 0) {
                mechanism = mechanism(s.client.get("/faults").body());
            }
            // the mechanism the agent chose says where to look (ingress blackholes moved from iptables to nft inet input)
            assertThat(mechanism.startsWith("nftables") ? KernelLook.nftFault(s.a()) : KernelLook.iptablesFault(s.a()))
                    .as(name + " (" + mechanism + "): fault not in the kernel after 200 (cycle " + c + ")").isTrue();
            AgentClient.Response t = s.client.post(route + "stop", stopBody);
            assertThat(t.body()).as(name + " stop").isEqualTo("{\"Status\":\"stopped\"}");
            stop.add(t.millis());
            assertThat(KernelLook.anyFault(s.a())).as(name + ": objects left after stop (cycle " + c + ")").isFalse();
        }
        System.out.println("apply latency " + name + " (" + mechanism + "): " + start + "; " + stop);
        return new Series[] {start, stop};
    }

    /**
     * The ECS agent's blackhole, command by command: {@code -N}, an ACCEPT per exempt address (the two metadata
     * endpoints netfault exempts by default), the DROP, the jump at position 1, then {@code -C} as its status check;
     * stop is {@code -F}, {@code -D}, {@code -X}. One process per command, as the ECS agent runs them.
     */
    private static Series[] ecs(Netns ns, String type, String hook, String addrFlag) throws Exception {
        String chain = type + "-tcp-8080";
        List<List<String>> start = List.of(
                ipt("-N", chain),
                ipt("-A", chain, "-p", "tcp", addrFlag, "169.254.170.2", "--dport", "8080", "-j", "ACCEPT"),
                ipt("-A", chain, "-p", "tcp", addrFlag, "169.254.169.254", "--dport", "8080", "-j", "ACCEPT"),
                ipt("-A", chain, "-p", "tcp", addrFlag, "0.0.0.0/0", "--dport", "8080", "-j", "DROP"),
                ipt("-I", hook, "-j", chain),
                ipt("-C", chain, "-p", "tcp", addrFlag, "0.0.0.0/0", "--dport", "8080", "-j", "DROP"));
        List<List<String>> stop = List.of(ipt("-F", chain), ipt("-D", hook, "-j", chain), ipt("-X", chain));
        Series up = new Series("ECS " + type + " start");
        Series down = new Series("ECS " + type + " stop");
        for (int c = 0; c < CYCLES; c++) {
            up.addNanos(run(ns, start));
            assertThat(KernelLook.iptablesFault(ns) || ns.exec("iptables-save", "-t", "filter").contains(chain)).isTrue();
            down.addNanos(run(ns, stop));
            assertThat(ns.exec("iptables-save", "-t", "filter")).doesNotContain(chain);
        }
        System.out.println("apply latency ECS sequence " + type + ": " + up + "; " + down);
        return new Series[] {up, down};
    }

    private static List<String> ipt(String... args) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w"));
        argv.addAll(List.of(args));
        return argv;
    }

    private static long run(Netns ns, List<List<String>> commands) throws Exception {
        long t0 = System.nanoTime();
        for (List<String> argv : commands) {
            List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + ns.path()));
            full.addAll(argv);
            Process p = new ProcessBuilder(full).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed with exit " + code);
            }
        }
        return System.nanoTime() - t0;
    }

    private static String mechanism(String faultsJson) {
        int i = faultsJson.indexOf("\"mechanism\":\"");
        return i < 0 ? "?" : faultsJson.substring(i + 13, faultsJson.indexOf('"', i + 13));
    }

    private static void report(String name, Series[] nf, Series[] ecs) {
        String n = "n=" + nf[0].count();
        String section = "1 apply latency";
        boolean fast = nf[0].median() <= 10;
        BenchReport.row(section, name + " start -> verified, median", nf[0].median(), "ms", "<= 10 ms", fast, n);
        BenchReport.row(section, name + " start -> verified, p99", nf[0].p(99), "ms", n);
        BenchReport.row(section, name + " stop -> verified gone, median", nf[1].median(), "ms", n);
        BenchReport.row(section, name + " stop -> verified gone, p99", nf[1].p(99), "ms", n);
        if (ecs != null) {
            double ratio = ecs[0].median() / nf[0].median();
            BenchReport.row(section, name + " ECS sequence start+check, median", ecs[0].median(), "ms",
                    "6 execs via nsenter, " + n);
            BenchReport.row(section, name + " ECS sequence start+check, p99", ecs[0].p(99), "ms", n);
            BenchReport.row(section, name + " ECS sequence stop, median", ecs[1].median(), "ms", "3 execs, no check");
            BenchReport.row(section, name + " speed-up vs ECS sequence (start medians)", ratio, "x", ">= 3x", ratio >= 3,
                    String.format(Locale.ROOT, "netfault includes the HTTP round trip; ECS stop/netfault stop %.2fx",
                            ecs[1].median() / nf[1].median()));
        }
    }
}
