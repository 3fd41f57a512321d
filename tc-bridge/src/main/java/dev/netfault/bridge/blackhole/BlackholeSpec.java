package dev.netfault.bridge.blackhole;

import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.Objects;

/**
 * A blackhole: every packet of {@code protocol} to (egress) or from-a-client-to (ingress) {@code port} is silently
 * dropped. {@code targeting.sources()} narrows it to some addresses (empty: all); its direction must equal
 * {@code direction}. Several blackholes with different (port, protocol, direction) may run at once.
 */
public record BlackholeSpec(int port, Protocol protocol, Direction direction, Targeting targeting) implements FaultSpec {

    public BlackholeSpec {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(targeting, "targeting");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        if (targeting.direction() != direction) {
            targeting = targeting.withDirection(direction);
        }
        if (targeting.flowsPercent() != 100) {
            throw new IllegalArgumentException("flowsPercent: " + targeting.flowsPercent() + " (expected: 100 for a blackhole)");
        }
    }

    /** The ECS agent's name for this blackhole, e.g. {@code egress-tcp-443}: stop and status find it by this key. */
    public String key() {
        return direction.wire() + "-" + protocol.wire() + "-" + port;
    }

    @Override
    public String kind() {
        return "blackhole";
    }
}
