package dev.netfault.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.faults.Health;
import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.plan.RootQdisc;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelHealthTest {

    @Test
    void of_aTcTreeLeftByADeadAgentDoesNotHideWhatTheNamespaceCanDo() {
        // kill -9 during a latency fault, or a lapsed lease, leaves netfault's root qdisc until the reconcile removes
        // it; health is computed before that, so the agent must still start and say latency works
        NamespaceFacts facts = new NamespaceFacts(List.of(Link.of("lo", RootQdisc.kernelDefault("noqueue")),
                Link.of("eth0", new RootQdisc("prio", "4e46:"))), Capabilities.full());

        Health h = KernelHealth.of(new FaultPlanner(), facts, "test", PlanContext.DEFAULT_LEASE, false);

        assertThat(h.unsupported().get("latency")).isEmpty();
        assertThat(h.unsupported()).containsEntry("blackhole", "");
        assertThat(h.mechanisms().get("latency")).isEqualTo("tc prio+netem, nft priority");
        assertThat(h.unleased()).doesNotContainKey("latency");
        assertThat(h.leasePolicy()).isEqualTo("15000 ms lease, renewed every 5000 ms; unleased faults refused "
                + "(--allow-unleased runs them)");
    }
}
