package dev.netfault.bridge.nftlib;

import dev.netfault.bridge.exec.CommandResult;
import java.time.Duration;

/** Runs {@link NftCall}s in one namespace: libnftables in production ({@link NftWorker}), a fake in tests. */
public interface Nft extends AutoCloseable {

    /**
     * Runs the call, answering as the {@code nft} binary would: exit 0 or 1, its standard output and error; exit
     * {@link CommandResult#TIMED_OUT} when it has not returned by {@code timeout}.
     */
    CommandResult run(NftCall call, Duration timeout) throws InterruptedException;

    /** Stops the thread and frees the library's context. */
    @Override
    void close();
}
