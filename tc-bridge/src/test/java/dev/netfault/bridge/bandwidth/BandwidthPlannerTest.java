package dev.netfault.bridge.bandwidth;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import org.junit.jupiter.api.Test;

class BandwidthPlannerTest {

    @Test
    void dump() {
        Targeting t = Targeting.all().withInterface(InterfaceName.of("eth0")).withPorts(List.of(5001));
        System.out.println(new BandwidthPlanner().plan(ID, new BandwidthSpec(2000, 0, t), twoLinks(Capabilities.withoutNetem()), CONTEXT).render());
        System.out.println(new BandwidthPlanner().plan(ID, new BandwidthSpec(2000, 0, t.withDirection(Direction.INGRESS)), twoLinks(Capabilities.withoutNetem()), CONTEXT).render());
    }
}
