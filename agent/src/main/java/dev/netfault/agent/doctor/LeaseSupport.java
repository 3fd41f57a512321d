package dev.netfault.agent.doctor;

import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Plan;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per fault kind and direction, whether the kernel here holds it by a lease a live agent must renew, asked of the
 * planners themselves (each kind planned once, on one interface with the kernel-default root; nothing applied): the
 * lease's mechanism, or why the fault would be unleased (refused unless {@code serve --allow-unleased}).
 */
public final class LeaseSupport {

    private LeaseSupport() {
    }

    public static List<String> of(Capabilities caps) {
        Targeting egress = Targeting.all();
        Targeting ingress = Targeting.all().withDirection(Direction.INGRESS);
        Map<String, FaultSpec> kinds = new LinkedHashMap<>();
        kinds.put("latency egress", new LatencySpec(100, 0, 0, Distribution.NONE, egress));
        kinds.put("latency ingress", new LatencySpec(100, 0, 0, Distribution.NONE, ingress));
        kinds.put("loss egress", LossSpec.random(10, egress));
        kinds.put("loss ingress", LossSpec.random(10, ingress));
        kinds.put("loss burst", new LossSpec(10, LossModel.BURST, 3, egress));
        kinds.put("blackhole egress", new BlackholeSpec(80, Protocol.TCP, Direction.EGRESS, egress));
        kinds.put("blackhole ingress", new BlackholeSpec(80, Protocol.TCP, Direction.INGRESS, ingress));
        NamespaceFacts facts = new NamespaceFacts(List.of(Link.of("eth0", RootQdisc.kernelDefault("noqueue"))), caps);
        PlanContext context = PlanContext.of(Instant.now().plusSeconds(60), PlanContext.DEFAULT_CONTROL_PORT, List.of());
        FaultPlanner planner = new FaultPlanner();
        List<String> out = new ArrayList<>();
        kinds.forEach((kind, spec) -> {
            String verdict;
            try {
                Plan plan = planner.plan(new FaultId("00000000"), spec, facts, context);
                verdict = plan.lease().unleasedReason().map(why -> "UNLEASED (refused unless --allow-unleased): " + why)
                        .orElse("leased: " + plan.mechanism() + ", gated by an nft set whose elements time out");
            } catch (RuntimeException e) {
                verdict = "cannot work here (see above)";
            }
            out.add(String.format("%-18s %s", kind + ":", verdict));
        });
        return out;
    }
}
