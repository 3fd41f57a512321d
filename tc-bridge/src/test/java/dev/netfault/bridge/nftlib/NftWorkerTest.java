package dev.netfault.bridge.nftlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Pointer;
import dev.netfault.bridge.exec.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NftWorkerTest {

    private static final Duration T = Duration.ofSeconds(5);

    /** A libnftables that records calls (with the thread they ran on) and answers from a script of its own. */
    static final class FakeLibrary implements NftLibrary {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch release = new CountDownLatch(1);
        Pointer ctx = new Pointer(42);
        int flags;
        String out = "";
        String err = "";
        int freed;

        @Override
        public Pointer nft_ctx_new(int f) {
            threads.add(Thread.currentThread().getName());
            return ctx;
        }

        @Override
        public void nft_ctx_free(Pointer c) {
            freed++;
        }

        @Override
        public int nft_ctx_buffer_output(Pointer c) {
            return 0;
        }

        @Override
        public int nft_ctx_buffer_error(Pointer c) {
            return 0;
        }

        @Override
        public String nft_ctx_get_output_buffer(Pointer c) {
            String o = out;
            out = "";
            return o;
        }

        @Override
        public String nft_ctx_get_error_buffer(Pointer c) {
            String e = err;
            err = "";
            return e;
        }

        @Override
        public void nft_ctx_output_set_flags(Pointer c, int f) {
            flags = f;
        }

        @Override
        public int nft_run_cmd_from_buffer(Pointer c, String buf) {
            calls.add("buffer " + buf + " flags " + flags);
            threads.add(Thread.currentThread().getName());
            if (buf.equals("hang")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (buf.startsWith("delete")) {
                err = "Error: No such file or directory\n" + buf + "\n";
                return -1;
            }
            out = "table inet t {\n}\n";
            return 0;
        }

        @Override
        public int nft_run_cmd_from_filename(Pointer c, String filename) {
            String text;
            try {
                text = Files.readString(Path.of(filename));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            calls.add("file " + text + " flags " + flags);
            if (text.contains("bogus")) {
                err = filename + ":2:3-7: Error: syntax error, unexpected bogus\n  bogus\n  ^^^^^\n";
                return 1;
            }
            return 0;
        }
    }

    @TempDir
    Path dir;

    private final FakeLibrary lib = new FakeLibrary();
    private NftWorker worker;

    private ScriptFiles tempFiles() {
        return text -> {
            Path f = Files.createTempFile(dir, "nft", ".nft");
            Files.writeString(f, text);
            return new ScriptFiles.ScriptFile() {
                @Override
                public String path() {
                    return f.toString();
                }

                @Override
                public void close() {
                    try {
                        Files.delete(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        };
    }

    private NftWorker start(NftWorker.Namespace ns) throws InterruptedException {
        worker = NftWorker.start(lib, ns, tempFiles(), "nft-test", T);
        return worker;
    }

    @AfterEach
    void close() {
        lib.release.countDown();
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void run_words_withTheirFlags_onTheOneThreadThatEnteredTheNamespace() throws Exception {
        List<String> entered = new ArrayList<>();
        start(() -> entered.add(Thread.currentThread().getName()));
        CommandResult r = worker.run(new NftCall("list table inet t", false, NftLibrary.OUTPUT_JSON), T);
        worker.run(new NftCall("list tables", false, 0), T);

        assertThat(r).isEqualTo(new CommandResult(0, "table inet t {\n}\n", ""));
        assertThat(lib.calls).containsExactly("buffer list table inet t flags 16", "buffer list tables flags 0");
        assertThat(entered).containsExactly("nft-test");
        assertThat(lib.threads).containsOnly("nft-test").hasSize(3);
    }

    @Test
    void run_failure_isExit1WithTheLibrarysWords() throws Exception {
        start(() -> { });
        assertThat(worker.run(new NftCall("delete table inet nope", false, 0), T))
                .isEqualTo(new CommandResult(1, "", "Error: No such file or directory\ndelete table inet nope\n"));
    }

    @Test
    void run_script_readsAFileAndNamesItAsTheBinaryNamesItsStdin() throws Exception {
        start(() -> { });
        CommandResult ok = worker.run(new NftCall("add table inet t\n", true, 0), T);
        CommandResult bad = worker.run(new NftCall("add table inet t\n  bogus\n", true, 0), T);

        assertThat(ok).isEqualTo(new CommandResult(0, "", ""));
        assertThat(bad).isEqualTo(new CommandResult(1, "",
                "/dev/stdin:2:3-7: Error: syntax error, unexpected bogus\n  bogus\n  ^^^^^\n"));
        assertThat(lib.calls).containsExactly("file add table inet t\n flags 0",
                "file add table inet t\n  bogus\n flags 0");
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void run_pastItsDeadline_timesOut_aWaitingCallNeverRuns_laterCallsKeepTheOrder() throws Exception {
        start(() -> { });
        CommandResult hung = worker.run(new NftCall("hang", false, 0), Duration.ofMillis(100));
        CommandResult queued = worker.run(new NftCall("add table inet late", false, 0), Duration.ofMillis(100));
        lib.release.countDown();
        CommandResult after = worker.run(new NftCall("list tables", false, 0), T);

        assertThat(hung).isEqualTo(new CommandResult(CommandResult.TIMED_OUT, "", "timed out after 100 ms"));
        assertThat(queued).isEqualTo(new CommandResult(CommandResult.TIMED_OUT, "", "timed out after 100 ms"));
        assertThat(after.exitCode()).isZero();
        assertThat(lib.calls).containsExactly("buffer hang flags 0", "buffer list tables flags 0");
    }

    @Test
    void start_namespaceNotEntered_failsNamingWhy() {
        assertThatThrownBy(() -> start(() -> {
            throw new IllegalStateException("setns: Operation not permitted");
        })).isInstanceOf(IllegalStateException.class).hasMessage("setns: Operation not permitted");
        assertThat(lib.threads).isEmpty();
    }

    @Test
    void start_noContext_failsNamingWhy() {
        lib.ctx = null;
        assertThatThrownBy(() -> start(() -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessage("nft_ctx_new returned NULL");
    }

    /** A namespace path whose namespace the test replaces, or deletes. */
    private static final class Renamed implements NftWorker.Namespace {
        final List<Long> entered = Collections.synchronizedList(new ArrayList<>());
        volatile long now = 4026532001L;
        volatile boolean gone;

        @Override
        public void enter() {
            entered.add(now);
        }

        @Override
        public long identity() throws IOException {
            if (gone) {
                throw new java.nio.file.NoSuchFileException("/run/netns/nfx");
            }
            return now;
        }
    }

    @Test
    void run_afterTheNamespaceWasMadeAgainUnderItsName_entersTheNewOneWithANewContext() throws Exception {
        Renamed ns = new Renamed();
        start(ns);
        worker.run(new NftCall("list tables", false, 0), T);
        assertThat(ns.entered).containsExactly(4026532001L);
        assertThat(lib.freed).isZero();

        ns.now = 4026532077L;
        CommandResult r = worker.run(new NftCall("list table inet t", false, 0), T);

        assertThat(r.exitCode()).isZero();
        assertThat(ns.entered).containsExactly(4026532001L, 4026532077L);
        assertThat(lib.freed).isEqualTo(1);
        assertThat(lib.threads).containsOnly("nft-test").hasSize(4); // two contexts made, two calls run
        worker.run(new NftCall("list tables", false, 0), T);
        assertThat(ns.entered).hasSize(2);
    }

    @Test
    void run_whenTheNamespaceIsGone_failsNamingIt_andNeverRunsTheCall() throws Exception {
        Renamed ns = new Renamed();
        start(ns);
        ns.gone = true;

        CommandResult r = worker.run(new NftCall("add table inet t", false, 0), T);

        assertThat(r).isEqualTo(new CommandResult(1, "",
                "nft (libnftables): the network namespace is gone: /run/netns/nfx"));
        assertThat(lib.calls).isEmpty();
        assertThat(worker.links(T)).isEmpty(); // the caller falls back to the processes, which name it too
    }

    @Test
    void run_aCallThatOnlyDeletesTables_goesToTheTableDeletesFirst_andToTheLibraryWhenTheyCannot() throws Exception {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger mode = new java.util.concurrent.atomic.AtomicInteger();
        worker = NftWorker.start(lib, () -> { }, () -> text -> {
            asked.add(text);
            if (mode.get() == 2) {
                throw new dev.netfault.bridge.netlink.NetlinkException("no answer within 2000 ms");
            }
            return mode.get() == 0;
        }, tempFiles(), "nft-test", T);

        assertThat(worker.run(new NftCall("delete table netdev netfault_1a2b3c4d", false, 0), T))
                .isEqualTo(new CommandResult(0, "", ""));
        assertThat(lib.calls).isEmpty();
        assertThat(worker.netlinkTableDeletes()).isEqualTo(1);

        mode.set(1); // the kernel refused the batch: the library runs it and says why in nft's words
        worker.run(new NftCall("delete table inet nope", false, 0), T);
        mode.set(2); // the socket failed: the library runs it
        worker.run(new NftCall("delete table inet t", false, 0), T);
        worker.run(new NftCall("list table inet t", false, NftLibrary.OUTPUT_JSON), T); // flags: never asked

        assertThat(asked).containsExactly("delete table netdev netfault_1a2b3c4d", "delete table inet nope",
                "delete table inet t");
        assertThat(lib.calls).containsExactly("buffer delete table inet nope flags 0",
                "buffer delete table inet t flags 0", "buffer list table inet t flags 16");
        assertThat(worker.netlinkTableDeletes()).isEqualTo(1);
    }

    @Test
    void close_freesTheContext() throws Exception {
        start(() -> { });
        worker.close();
        worker = null;
        long until = System.nanoTime() + T.toNanos();
        while (lib.freed == 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(lib.freed).isEqualTo(1);
    }
}
