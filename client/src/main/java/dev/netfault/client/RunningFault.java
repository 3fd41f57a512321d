package dev.netfault.client;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fault the agent started: {@link #close()} stops it, so try-with-resources bounds a fault to a block.
 *
 * <pre>{@code
 * try (RunningFault fault = client.start(BlackholeFault.port(8081).build())) {
 *     assertThat(fault.status()).isEqualTo(FaultStatus.RUNNING);
 *     // ... the application sees the blackhole ...
 * }   // stopped here, even when the block throws
 * }</pre>
 */
public final class RunningFault implements AutoCloseable {

    private final NetfaultClient client;
    private final FaultSpec spec;
    private final AtomicBoolean stopped = new AtomicBoolean();

    RunningFault(NetfaultClient client, FaultSpec spec) {
        this.client = client;
        this.spec = spec;
    }

    /** The fault as it was started. */
    public FaultSpec spec() {
        return spec;
    }

    /** Asks the agent now (it reads the kernel): {@code RUNNING}, or {@code NOT_RUNNING} after expiry or a stop. */
    public FaultStatus status() {
        return client.status(spec);
    }

    /** Stops the fault (the agent answers {@code stopped} also when it had already expired). */
    public void stop() {
        client.stop(spec);
        stopped.set(true);
    }

    /** Stops the fault unless {@link #stop()} already did. */
    @Override
    public void close() {
        if (!stopped.get()) {
            stop();
        }
    }
}
