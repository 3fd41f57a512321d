package dev.netfault.agent.telemetry;

import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultListener;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans one fault event out to several listeners (logs, metrics). A listener that throws is logged and skipped: an
 * observer never breaks the lifecycle.
 */
public final class FaultListeners implements FaultListener {

    private static final Logger LOG = LoggerFactory.getLogger(FaultListeners.class);

    private final List<FaultListener> listeners;

    private FaultListeners(List<FaultListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public static FaultListener of(FaultListener... listeners) {
        return new FaultListeners(List.of(listeners));
    }

    @Override
    public void started(ActiveFault fault, List<String> commands, Duration applyTime) {
        each(l -> l.started(fault, commands, applyTime));
    }

    @Override
    public void verified(ActiveFault fault) {
        each(l -> l.verified(fault));
    }

    @Override
    public void stopped(ActiveFault fault, String reason, List<String> commands, Duration revertTime) {
        each(l -> l.stopped(fault, reason, commands, revertTime));
    }

    @Override
    public void failed(FaultKey key, String phase, String message) {
        each(l -> l.failed(key, phase, message));
    }

    private void each(java.util.function.Consumer<FaultListener> call) {
        for (FaultListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("fault listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
