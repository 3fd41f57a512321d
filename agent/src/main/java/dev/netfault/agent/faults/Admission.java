package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultId;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/** The rules a new fault must pass before anything is planned: its duration, and the ECS agent's conflict rule. */
final class Admission {

    static final String LATENCY_RUNNING = "There is already one network latency fault running";
    static final String LOSS_RUNNING = "There is already one network packet loss fault running";

    private Admission() {
    }

    /**
     * Latency and packet loss exclude each other (both are netem on the same root qdisc in the ECS layout); the message
     * names the fault that is running, as the ECS agent's does. Blackholes never conflict here.
     */
    static void refuseConflict(FaultKey key, Set<FaultKey> active) {
        if (key.blackhole() != null) {
            return;
        }
        if (active.contains(FaultKey.latency())) {
            throw new ConflictException(LATENCY_RUNNING);
        }
        if (active.contains(FaultKey.loss())) {
            throw new ConflictException(LOSS_RUNNING);
        }
    }

    static Duration duration(Duration d, Duration max) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("durationSeconds: " + d.toSeconds() + " (expected: 1-" + max.toSeconds() + ")");
        }
        return d;
    }

    /** A fresh id no active fault and no journal entry uses. */
    static FaultId newId(Collection<FaultId> active, Journal journal) {
        while (true) {
            FaultId id = FaultId.random();
            if (!active.contains(id) && !Files.exists(journal.file(id))) {
                return id;
            }
        }
    }
}
