package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultSpec;
import java.time.Instant;
import java.util.Objects;

/**
 * One fault as the journal records it. {@code phase} is {@link Phase#APPLYING} from before the first kernel change
 * until the fault is verified, then {@link Phase#ACTIVE}: a restarted agent reverts an entry still applying (no client
 * was told it runs) and re-adopts an active one until it expires. {@code mode} is the enforcer that applied it: only an
 * agent in that mode reverts or re-adopts it.
 */
public record JournalEntry(FaultKey key, FaultSpec spec, Instant startedAt, Instant expiresAt, Phase phase,
                           EnforcerMode mode, AppliedFault applied) {

    /** Where a journalled fault is in its life. */
    public enum Phase { APPLYING, ACTIVE }

    public JournalEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(applied, "applied");
    }

    public JournalEntry withPhase(Phase p) {
        return new JournalEntry(key, spec, startedAt, expiresAt, p, mode, applied);
    }

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    public ActiveFault toActive() {
        return new ActiveFault(applied.id(), key, spec, startedAt, expiresAt, applied.mechanism(), applied.interfaces(),
                applied.lease().unleasedReason());
    }
}
