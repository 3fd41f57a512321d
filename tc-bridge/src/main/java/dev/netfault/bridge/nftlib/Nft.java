package dev.netfault.bridge.nftlib;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.state.LinkQdiscs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs {@link NftCall}s in one namespace: libnftables in production ({@link NftWorker}), a fake in tests. */
public interface Nft extends AutoCloseable {

    /**
     * Runs the call, answering as the {@code nft} binary would: exit 0 or 1, its standard output and error; exit
     * {@link CommandResult#TIMED_OUT} when it has not returned by {@code timeout}.
     */
    CommandResult run(NftCall call, Duration timeout) throws InterruptedException;

    /**
     * The namespace's links and qdiscs, read on the same thread (so in the same namespace) over rtnetlink; empty when
     * they cannot be read that way now, and the caller falls back to the processes.
     */
    default Optional<List<LinkQdiscs>> links(Duration timeout) throws InterruptedException {
        return Optional.empty();
    }

    /** How many calls deleted their tables as a bare nfnetlink batch, without the library (tests, benchmarks). */
    default long netlinkTableDeletes() {
        return 0;
    }

    /** Stops the thread and frees the library's context. */
    @Override
    void close();
}
