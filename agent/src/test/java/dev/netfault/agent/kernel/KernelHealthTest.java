package dev.netfault.agent.kernel;

import dev.netfault.agent.faults.Health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.RootQdisc;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health the agent computes at start-up, before reconcile, from the planners' own verdicts. */
class KernelHealthTest {

    @Test
    void of_netfaultRootLeftByACrashedAgent_healthAnswersInsteadOfFailingTheStart() {
        // kill -9 during a latency fault leaves netfault's root qdisc until the restarted agent reconciles
        NamespaceFacts facts = new NamespaceFacts(List.of(Link.of("lo", RootQdisc.kernelDefault("noqueue")),
                Link.of("eth0", new RootQdisc("prio", "4e46:"))), Capabilities.full());

        Health h = KernelHealth.of(new FaultPlanner(), facts, "test");

        assertThat(h.unsupported()).containsEntry("latency",
                "a netfault tc fault is already active on eth0 (root qdisc prio 4e46:); stop it first");
        assertThat(h.unsupported()).containsEntry("blackhole", "");
    }
}
