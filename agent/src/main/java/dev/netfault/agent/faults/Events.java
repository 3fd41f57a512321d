package dev.netfault.agent.faults;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans fault events out to the listeners; a listener that throws is logged and does not disturb the lifecycle. */
final class Events {

    private static final Logger LOG = LoggerFactory.getLogger(Events.class);
    private final List<FaultListener> listeners;

    Events(List<FaultListener> listeners) {
        this.listeners = listeners;
    }

    void started(ActiveFault fault, List<String> commands, Duration applyTime) {
        each(l -> {
            l.started(fault, commands, applyTime);
            l.verified(fault);
        });
    }

    void stopped(ActiveFault fault, String reason, List<String> commands, Duration revertTime) {
        each(l -> l.stopped(fault, reason, commands, revertTime));
    }

    void renewed(Renewal renewal, Duration took) {
        each(l -> l.renewed(renewal, took));
    }

    void failed(FaultKey key, String phase, RuntimeException e) {
        each(l -> l.failed(key, phase, e.getMessage()));
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
