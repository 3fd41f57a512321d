package dev.netfault.agent.faults;

import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.FaultSpec;
import java.util.Objects;

/**
 * What names a running fault in the ECS API: its kind ({@code latency}, {@code loss}), and for a kind of which several
 * may run at once ({@link FaultKind#keyed()}) its instance key, e.g. a blackhole's {@code <direction>-<protocol>-<port>}.
 * The field keeps the name {@code blackhole}: the journal stores it under that name.
 */
public record FaultKey(String kind, String blackhole) {

    public FaultKey {
        Objects.requireNonNull(kind, "kind");
        if (Kinds.byName(kind).map(FaultKind::keyed).orElse(false) == (blackhole == null)) {
            throw new IllegalArgumentException("blackhole: '" + blackhole + "' (expected: a key exactly for kind blackhole)");
        }
    }

    /** The running latency fault (tests' shorthand; code names a kind through {@code Kinds}). */
    public static FaultKey latency() {
        return new FaultKey("latency", null);
    }

    public static FaultKey loss() {
        return new FaultKey("loss", null);
    }

    public static FaultKey blackhole(String key) {
        return new FaultKey("blackhole", key);
    }

    public static FaultKey of(FaultSpec spec) {
        return new FaultKey(spec.kind(), Kinds.instanceKey(spec).orElse(null));
    }

    @Override
    public String toString() {
        return blackhole == null ? kind : kind + ":" + blackhole;
    }
}
