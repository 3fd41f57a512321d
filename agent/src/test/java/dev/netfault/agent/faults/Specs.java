package dev.netfault.agent.faults;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;

/** Small valid specs for lifecycle tests. */
final class Specs {
    private Specs() {
    }

    static BlackholeSpec blackhole(int port) {
        return new BlackholeSpec(port, Protocol.TCP, Direction.EGRESS, Targeting.all());
    }

    static LatencySpec latency() {
        return new LatencySpec(100, 10, 0, Distribution.NONE, Targeting.all());
    }

    static LossSpec loss() {
        return LossSpec.random(20, Targeting.all());
    }
}
