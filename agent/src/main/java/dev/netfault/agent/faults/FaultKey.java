package dev.netfault.agent.faults;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.plan.FaultSpec;
import java.util.Objects;

/**
 * What names a running fault in the ECS API: {@code latency}, {@code loss}, or a blackhole's
 * {@code <direction>-<protocol>-<port>} key (several blackholes may run at once).
 */
public record FaultKey(String kind, String blackhole) {

    public FaultKey {
        Objects.requireNonNull(kind, "kind");
        if (kind.equals("blackhole") == (blackhole == null)) {
            throw new IllegalArgumentException("blackhole: '" + blackhole + "' (expected: a key exactly for kind blackhole)");
        }
    }

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
        if (spec instanceof BlackholeSpec b) {
            return blackhole(b.key());
        }
        return new FaultKey(spec.kind(), null);
    }

    @Override
    public String toString() {
        return blackhole == null ? kind : kind + ":" + blackhole;
    }
}
