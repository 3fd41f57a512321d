package dev.netfault.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.nftlib.NftLoader;
import dev.netfault.bridge.nftlib.NftRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.testing.Netns;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 1, what a blackhole start and stop are made of, part by part, on this machine: the nft transaction
 * and its read-back through libnftables in-process and as {@code nft} processes, the two fact-reading processes a
 * start runs ({@code ip -j link}, {@code tc -j qdisc}), a process start alone ({@code nsenter ... true}), the
 * journal's durable write, and the HTTP round trip of the agent ({@code GET /healthz}).
 */
@Tag("bench")
class ApplyPartsBenchTest {

    static final int N = Integer.getInteger("netfault.bench.cycles", 200);
    static final String SECTION = "1 apply latency parts";
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @Test
    void parts_ofABlackholeStartAndStop() throws Exception {
        try (BenchSetup s = BenchSetup.create(tmp)) {
            Netns a = s.a();
            String table = "netfault_bbbbbbbb";
            Command apply = Command.of("nft", "-f", "-").withEnv("TZ", "UTC").withStdin("table netdev " + table
                    + " {\n set lease {\n  type ether_type; flags timeout;\n  elements = { ip timeout 15s, ip6 timeout"
                    + " 15s }\n }\n chain egress {\n  type filter hook egress device " + a.iface() + " priority 0;\n"
                    + "  ip daddr 169.254.170.2 return\n  ip daddr 169.254.169.254 return\n  meta protocol @lease meta"
                    + " time < \"2037-01-01 00:00:00\" tcp dport 8080 counter drop\n }\n}\n");
            Command list = Command.of("nft", "list", "table", "netdev", table);
            Command delete = Command.of("nft", "delete", "table", "netdev", table);
            NftLoader.Loaded lib = NftLoader.load(a.runner(), Optional.of(a.path()), Optional.empty());
            assertThat(lib.inProcess()).isTrue();
            try (NftRunner inProcess = (NftRunner) lib.runner()) {
                cycle("nft in-process (libnftables): apply + list back", "delete", inProcess, apply, list, delete);
                Series rtnl = new Series("rtnetlink facts");
                for (int c = 0; c < N; c++) {
                    long t0 = System.nanoTime();
                    assertThat(inProcess.links(T)).get().asList().isNotEmpty();
                    rtnl.addNanos(System.nanoTime() - t0);
                }
                row("start's facts in-process: RTM_GETLINK + RTM_GETQDISC dumps on the library's thread", rtnl);
            }
            cycle("nft processes via nsenter: apply + list back", "delete", a.runner(), apply, list, delete);
            Series facts = new Series("facts");
            Series bare = new Series("nsenter true");
            for (int c = 0; c < N; c++) {
                long t0 = System.nanoTime();
                ok(a.runner().run(Command.of("ip", "-j", "link", "show"), T));
                ok(a.runner().run(Command.of("tc", "-j", "qdisc", "show"), T));
                facts.addNanos(System.nanoTime() - t0);
                long t1 = System.nanoTime();
                ok(a.runner().run(Command.of("true"), T));
                bare.addNanos(System.nanoTime() - t1);
            }
            row("start's facts: ip -j link show + tc -j qdisc show via nsenter", facts);
            row("one process start: nsenter --net=NS true", bare);
            Series journal = new Series("journal");
            byte[] entry = new byte[2048];
            for (int c = 0; c < N; c++) {
                long t0 = System.nanoTime();
                durableWrite(s.stateDir, entry);
                journal.addNanos(System.nanoTime() - t0);
            }
            row("journal: write 2 KiB + fsync + rename + fsync dir (the state dir)", journal);
            Series http = new Series("http");
            for (int c = 0; c < N; c++) {
                http.add(s.client.get("/healthz").millis());
            }
            row("HTTP round trip: GET /healthz from the namespace", http);
        }
    }

    private static void cycle(String name, String undo, CommandRunner r, Command apply, Command list, Command delete)
            throws InterruptedException {
        Series up = new Series(name);
        Series down = new Series(undo);
        for (int c = 0; c < N; c++) {
            long t0 = System.nanoTime();
            ok(r.run(apply, T));
            assertThat(r.run(list, T).stdout()).contains("drop");
            up.addNanos(System.nanoTime() - t0);
            long t1 = System.nanoTime();
            ok(r.run(delete, T));
            down.addNanos(System.nanoTime() - t1);
        }
        row(name, up);
        row(name.substring(0, name.indexOf(':')) + ": " + undo, down);
    }

    private static void ok(CommandResult r) {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    private static void durableWrite(Path dir, byte[] bytes) throws Exception {
        Path tmp = dir.resolve(".parts.json.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve("parts.bench"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
        Files.delete(dir.resolve("parts.bench"));
    }

    private static void row(String metric, Series s) {
        System.out.println("apply parts " + metric + ": " + s);
        BenchReport.row(SECTION, metric + ", median", s.median(), "ms", "n=" + s.count());
        BenchReport.row(SECTION, metric + ", p99", s.p(99), "ms", "n=" + s.count());
    }
}
