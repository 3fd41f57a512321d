package dev.netfault.bridge.nftlib;

import com.sun.jna.Pointer;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.rtnl.LinkDump;
import dev.netfault.bridge.rtnl.NetlinkException;
import dev.netfault.bridge.state.LinkQdiscs;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived thread that owns one libnftables context in one network namespace (entered once, by this thread
 * only: the netlink socket the library opens belongs to the namespace of the thread that opens it). Calls run one at
 * a time, in the order they came. A call that misses its deadline answers {@link CommandResult#TIMED_OUT} as the
 * process runner does; if it was still waiting it never runs, and if it was running (a library call cannot be
 * killed) later calls wait behind it, so a rollback never overtakes the change it undoes. The same thread reads the
 * namespace's links and qdiscs over rtnetlink ({@link LinkDump}), since its sockets belong to its namespace too.
 */
public final class NftWorker implements Nft {

    /** Enters the target namespace on the calling thread; does nothing for the agent's own namespace. */
    @FunctionalInterface
    interface Namespace {
        void enter() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(NftWorker.class);

    private final NftLibrary lib;
    private final AtomicBoolean netlinkWarned = new AtomicBoolean();
    private final ScriptFiles files;
    private final ExecutorService thread;
    private Pointer ctx; // only the worker thread touches it

    private NftWorker(NftLibrary lib, ScriptFiles files, String name) {
        this.lib = Objects.requireNonNull(lib, "lib");
        this.files = Objects.requireNonNull(files, "files");
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the thread, enters the namespace and makes the context; throws {@link IllegalStateException} naming what
     * failed (and leaves no thread behind) when any of it does.
     */
    static NftWorker start(NftLibrary lib, Namespace namespace, ScriptFiles files, String name, Duration timeout)
            throws InterruptedException {
        NftWorker w = new NftWorker(lib, files, name);
        FutureTask<Void> init = new FutureTask<>(() -> {
            namespace.enter();
            Pointer c = lib.nft_ctx_new(0);
            if (c == null) {
                throw new IllegalStateException("nft_ctx_new returned NULL");
            }
            if (lib.nft_ctx_buffer_output(c) != 0 || lib.nft_ctx_buffer_error(c) != 0) {
                lib.nft_ctx_free(c);
                throw new IllegalStateException("nft_ctx_buffer_output/error failed");
            }
            w.ctx = c;
            return null;
        });
        w.thread.execute(init);
        try {
            init.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return w;
        } catch (ExecutionException e) {
            w.thread.shutdownNow();
            Throwable cause = e.getCause();
            throw new IllegalStateException(String.valueOf(cause.getMessage()), cause);
        } catch (TimeoutException e) {
            w.thread.shutdownNow();
            throw new IllegalStateException("no context after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            w.thread.shutdownNow();
            throw e;
        }
    }

    @Override
    public CommandResult run(NftCall call, Duration timeout) throws InterruptedException {
        FutureTask<CommandResult> task = new FutureTask<>(() -> execute(call));
        thread.execute(task);
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(false);
            return new CommandResult(CommandResult.TIMED_OUT, "", "timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            task.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            return new CommandResult(1, "", "nft (libnftables): " + e.getCause());
        }
    }

    @Override
    public Optional<List<LinkQdiscs>> links(Duration timeout) throws InterruptedException {
        FutureTask<List<LinkQdiscs>> task = new FutureTask<>(() -> LinkDump.overSocket(timeout).read());
        thread.execute(task);
        try {
            return Optional.of(task.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            task.cancel(false);
            return fallBack("rtnetlink dump timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            task.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return fallBack(cause instanceof NetlinkException ? cause.getMessage() : String.valueOf(cause));
        }
    }

    private Optional<List<LinkQdiscs>> fallBack(String why) {
        if (netlinkWarned.compareAndSet(false, true)) {
            LOG.warn("links and qdiscs read by ip/tc processes instead of rtnetlink: {}", why);
        } else {
            LOG.debug("links and qdiscs read by ip/tc processes instead of rtnetlink: {}", why);
        }
        return Optional.empty();
    }

    private CommandResult execute(NftCall call) throws IOException {
        lib.nft_ctx_output_set_flags(ctx, call.flags());
        int rc;
        String err;
        if (call.script()) {
            try (ScriptFiles.ScriptFile f = files.create(call.text())) {
                rc = lib.nft_run_cmd_from_filename(ctx, f.path());
                err = text(lib.nft_ctx_get_error_buffer(ctx)).replace(f.path() + ":", "/dev/stdin:");
            }
        } else {
            rc = lib.nft_run_cmd_from_buffer(ctx, call.text());
            err = text(lib.nft_ctx_get_error_buffer(ctx));
        }
        return new CommandResult(rc == 0 ? 0 : 1, text(lib.nft_ctx_get_output_buffer(ctx)), err);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        thread.execute(() -> {
            if (ctx != null) {
                lib.nft_ctx_free(ctx);
                ctx = null;
            }
        });
        thread.shutdown();
    }
}
