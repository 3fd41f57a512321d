package dev.netfault.bridge.nftlib;

import com.sun.jna.Pointer;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.netlink.LinkDump;
import dev.netfault.bridge.netlink.NetlinkException;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived thread that owns one libnftables context in one network namespace (entered once, by this thread
 * only: the netlink socket the library opens belongs to the namespace of the thread that opens it). Calls run one at
 * a time, in the order they came. A call that misses its deadline answers {@link CommandResult#TIMED_OUT} as the
 * process runner does; if it was still waiting it never runs, and if it was running (a library call cannot be
 * killed) later calls wait behind it, so a rollback never overtakes the change it undoes. The same thread reads the
 * namespace's links and qdiscs over rtnetlink ({@link LinkDump}), since its sockets belong to its namespace too, and
 * sends a call that only deletes tables as the kernel's own batch ({@link TableDeletes}), without libnftables' cache.
 */
public final class NftWorker implements Nft {

    /** Enters the target namespace on the calling thread; does nothing for the agent's own namespace. */
    @FunctionalInterface
    interface Namespace {
        void enter() throws Exception;

        /**
         * What the namespace's path names now (its nsfs inode), so a namespace deleted and made again under the same
         * name is noticed; a constant for the agent's own namespace, which cannot change.
         */
        default long identity() throws Exception {
            return 0;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(NftWorker.class);

    private final NftLibrary lib;
    private final AtomicBoolean netlinkWarned = new AtomicBoolean();
    private final AtomicLong netlinkDeletes = new AtomicLong();
    private final Namespace namespace;
    private final Supplier<TableDeletes> newDeletes;
    private TableDeletes deletes = TableDeletes.none(); // only the worker thread touches it
    private final ScriptFiles files;
    private final ExecutorService thread;
    private Pointer ctx; // only the worker thread touches it, and the two below
    private long entered;

    private NftWorker(NftLibrary lib, Namespace namespace, Supplier<TableDeletes> deletes,
                      ScriptFiles files, String name) {
        this.lib = Objects.requireNonNull(lib, "lib");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.newDeletes = Objects.requireNonNull(deletes, "deletes");
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
        return start(lib, namespace, TableDeletes::none, files, name, timeout);
    }

    static NftWorker start(NftLibrary lib, Namespace namespace, Supplier<TableDeletes> deletes,
                           ScriptFiles files, String name, Duration timeout) throws InterruptedException {
        NftWorker w = new NftWorker(lib, namespace, deletes, files, name);
        FutureTask<Void> init = new FutureTask<>(() -> {
            w.enter();
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

    /** On the worker thread: enters the namespace, notes which one it is, and makes the library's context in it. */
    private void enter() throws Exception {
        namespace.enter();
        entered = namespace.identity();
        deletes = newDeletes.get();
        Pointer c = lib.nft_ctx_new(0);
        if (c == null) {
            throw new IllegalStateException("nft_ctx_new returned NULL");
        }
        if (lib.nft_ctx_buffer_output(c) != 0 || lib.nft_ctx_buffer_error(c) != 0) {
            lib.nft_ctx_free(c);
            throw new IllegalStateException("nft_ctx_buffer_output/error failed");
        }
        ctx = c;
    }

    /**
     * On the worker thread, before each call: when the namespace's path now names another namespace (deleted and
     * made again under the same name), leaves the old one and enters the new, with a new context, as a process
     * started now would. Throws when the path names none.
     */
    private void follow() throws Exception {
        long now;
        try {
            now = namespace.identity();
        } catch (Exception e) {
            throw new IllegalStateException("the network namespace is gone: " + e.getMessage(), e);
        }
        if (now == entered && ctx != null) {
            return;
        }
        LOG.warn("the network namespace was made again under the same name; entering the new one");
        if (ctx != null) {
            lib.nft_ctx_free(ctx);
            ctx = null;
        }
        deletes.close();
        enter();
    }

    @Override
    public CommandResult run(NftCall call, Duration timeout) throws InterruptedException {
        FutureTask<CommandResult> task = new FutureTask<>(() -> {
            follow();
            return execute(call);
        });
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
            Throwable cause = e.getCause();
            return new CommandResult(1, "", "nft (libnftables): " + (cause instanceof IllegalStateException
                    ? cause.getMessage() : String.valueOf(cause)));
        }
    }

    @Override
    public Optional<List<LinkQdiscs>> links(Duration timeout) throws InterruptedException {
        FutureTask<List<LinkQdiscs>> task = new FutureTask<>(() -> {
            follow();
            return LinkDump.overSocket(timeout).read();
        });
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

    @Override
    public long netlinkTableDeletes() {
        return netlinkDeletes.get();
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
        if (call.flags() == 0) {
            try {
                if (deletes.tryDelete(call.text())) {
                    netlinkDeletes.incrementAndGet();
                    return new CommandResult(0, "", "");
                }
            } catch (NetlinkException e) {
                LOG.debug("table delete over nfnetlink failed, running it through libnftables: {}", e.getMessage());
            }
        }
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
            deletes.close();
            if (ctx != null) {
                lib.nft_ctx_free(ctx);
                ctx = null;
            }
        });
        thread.shutdown();
    }
}
