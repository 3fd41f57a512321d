package dev.netfault.bridge;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import org.junit.jupiter.api.Test;

class FaultPlannerTest {

    private final FaultPlanner planner = new FaultPlanner();

    @Test
    void plan_dispatchesEveryKind() {
        assertThat(planner.plan(ID, new LatencySpec(10, 0, 0, Distribution.NONE, Targeting.all()),
                twoLinks(Capabilities.full()), CONTEXT).mechanism()).isEqualTo("tc prio+netem, nft priority");
        assertThat(planner.plan(ID, LossSpec.random(10, Targeting.all()), twoLinks(Capabilities.withoutNetem()), CONTEXT)
                .mechanism()).isEqualTo("nftables netdev egress numgen");
        assertThat(planner.plan(ID, new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS, Targeting.all()),
                twoLinks(Capabilities.withoutNetem()), CONTEXT).mechanism()).isEqualTo("nftables inet input");
    }
}
