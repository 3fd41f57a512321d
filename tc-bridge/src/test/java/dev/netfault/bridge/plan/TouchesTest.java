package dev.netfault.bridge.plan;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.ID;
import static dev.netfault.bridge.testing.Fixtures.twoLinks;
import static dev.netfault.bridge.testing.Fixtures.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.bandwidth.BandwidthSpec;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each planner says what its plan touches, and that is what a journal of an older agent derives from the argv. */
class TouchesTest {

    private final FaultPlanner planner = new FaultPlanner();

    private Plan plan(FaultSpec spec, Capabilities caps) {
        return planner.plan(ID, spec, twoLinks(caps), CONTEXT);
    }

    private static void assertTouches(Plan plan, Touches first, Touches... rest) {
        assertThat(plan.touches()).as(plan.mechanism()).isEqualTo(EnumSet.of(first, rest));
        assertThat(Touches.derive(plan.kind(), plan.apply(), plan.revert())).as("derived for " + plan.mechanism())
                .isEqualTo(plan.touches());
    }

    @Test
    void plans_declareWhatTheyTouch() {
        Capabilities full = Capabilities.full();
        Targeting all = Targeting.all();
        assertTouches(plan(new LatencySpec(100, 0, 0, Distribution.NONE, all), full), Touches.TC, Touches.TC_TREE,
                Touches.NFTABLES);
        assertTouches(plan(new LatencySpec(100, 0, 0, Distribution.NONE, all.withDirection(Direction.INGRESS)), full),
                Touches.TC, Touches.TC_TREE, Touches.IPSET);
        assertTouches(plan(LossSpec.random(10, all), full), Touches.TC, Touches.TC_TREE, Touches.NFTABLES);
        assertTouches(plan(LossSpec.random(10, all), Capabilities.withoutNetem()), Touches.NFTABLES);
        assertTouches(plan(new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS, all), full), Touches.NFTABLES);
        assertTouches(plan(new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS, all.withSources(seventeen())), full),
                Touches.NFTABLES);
        Capabilities noNft = without(full, Feature.NFTABLES);
        assertTouches(plan(new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS, all), noNft), Touches.IPTABLES);
        assertTouches(plan(new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS, all.withSources(seventeen())), noNft),
                Touches.IPTABLES, Touches.IPSET);
        assertTouches(plan(new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, all), full), Touches.NFTABLES);
        assertTouches(plan(new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, all),
                without(full, Feature.NFT_EGRESS_HOOK)), Touches.TC);
        // bandwidth never builds the id-less root tree: a sweep that spares a latency tree must not spare it
        assertTouches(plan(new BandwidthSpec(2_000, 0, all), full), Touches.TC, Touches.NFTABLES);
        assertTouches(plan(new BandwidthSpec(2_000, 0, all.withDirection(Direction.INGRESS)), full), Touches.TC,
                Touches.IPSET);
    }

    @Test
    void plan_refusesCommandsItDoesNotDeclare() {
        List<Command> apply = List.of(Command.of("tc", "-batch", "-"), Command.of("nft", "-f", "-"));

        assertThatThrownBy(() -> new Plan(ID, "latency", "m", List.of(), Set.of(Touches.TC), apply, List.of(), List.of(),
                List.of(), Lease.unleased("test"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("touches: [TC] does not cover 'nft -f -'");
        assertThatThrownBy(() -> new Plan(ID, "latency", "m", List.of(), Set.of(Touches.TC_TREE), List.of(), List.of(),
                List.of(), List.of(), Lease.unleased("test"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("touches: TC_TREE without TC");
    }

    @Test
    void derive_readsProgramsAndKind() {
        List<Command> tc = List.of(Command.of("ip", "link", "add", "nf1a2b3c4di", "type", "ifb"),
                Command.of("tc", "-batch", "-"));
        assertThat(Touches.derive("latency", tc, List.of())).containsExactly(Touches.TC, Touches.TC_TREE);
        assertThat(Touches.derive("blackhole", tc, List.of())).containsExactly(Touches.TC);
        assertThat(Touches.derive("bandwidth", tc, List.of())).containsExactly(Touches.TC);
        assertThat(Touches.derive("blackhole", List.of(Command.of("ipset", "restore")),
                List.of(Command.of("ip6tables", "-w", "5", "-X", "NETFAULT-1a2b3c4d"))))
                .containsExactly(Touches.IPTABLES, Touches.IPSET);
        assertThat(Touches.derive("latency", List.of(Command.of("fake", "add")), List.of())).isEmpty();
    }

    private static List<Cidr> seventeen() {
        List<Cidr> s = new ArrayList<>();
        for (int i = 1; i <= 17; i++) {
            s.add(Cidr.parse("198.51.100." + i));
        }
        return s;
    }
}
