package dev.netfault.agent.faults;

import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.FaultId;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** The rules a new fault must pass before anything is planned: its duration, and the ECS agent's conflict rule. */
final class Admission {

    private Admission() {
    }

    /**
     * Kinds of one exclusive group exclude each other (latency and packet loss are netem on the same root qdisc in the
     * ECS layout); the message names the fault that is running, as the ECS agent's does. Blackholes never conflict here.
     */
    static void refuseConflict(FaultKey key, Set<FaultKey> active) {
        Optional<String> group = Kinds.byName(key.kind()).flatMap(FaultKind::exclusiveGroup);
        if (group.isEmpty()) {
            return;
        }
        for (FaultKind<?> k : Kinds.ALL) {
            if (k.exclusiveGroup().equals(group) && active.contains(new FaultKey(k.name(), null))) {
                throw new ConflictException(k.alreadyRunning());
            }
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
