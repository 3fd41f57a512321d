package dev.netfault.bridge.tc;

import static dev.netfault.bridge.testing.Fixtures.ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.testing.KernelRoundTrip;
import dev.netfault.bridge.testing.Netns;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ingress lease's ipsets on this kernel (which has ipset but no cls_basic, so no filter reads them here; the
 * gated redirect is proven by traffic in the guest lane): the elements lapse after the lease unless renewed, and the
 * renew command restarts their timeouts.
 */
@Tag("privileged")
class IngressGateKernelTest {

    private Netns ns;

    @BeforeEach
    void setUp() throws InterruptedException {
        Netns.assumeRoot();
        ns = Netns.create("nfhig");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void lease_elementsLapseUnlessRenewedAndTheRenewalRestartsTheirTimeouts() throws Exception {
        IngressGate gate = new IngressGate(ID, Duration.ofSeconds(3));
        PlanExecutor run = new PlanExecutor(ns.runner(), Duration.ofSeconds(10));
        assertThat(ns.runner().run(gate.create().apply(), Duration.ofSeconds(10)).ok()).isTrue();
        List<Check> alive = gate.held().alive();
        assertThat(run.failing(alive)).as("alive right after create").isEmpty();

        for (int i = 0; i < 3; i++) { // three lease periods, renewed every second
            Thread.sleep(1_000);
            assertThat(run.runAll(gate.held().renew())).isEmpty();
            assertThat(run.failing(alive)).as("alive after renewal " + (i + 1)).isEmpty();
        }
        long last = System.nanoTime();
        while (run.failing(alive).isEmpty() && System.nanoTime() - last < 6_000_000_000L) {
            Thread.sleep(100);
        }
        double lapsed = (System.nanoTime() - last) / 1e9;
        System.out.printf("MEASURED ingress lease ipsets (timeout 3 s): alive through 3 renewals, lapsed %.2f s after "
                + "the last one%n", lapsed);
        assertThat(lapsed).isBetween(2.0, 4.0);
        assertThat(run.failing(alive)).hasSize(2);
        for (Command undo : gate.create().undo()) {
            assertThat(ns.runner().run(undo, Duration.ofSeconds(10)).ok()).as(undo.line()).isTrue();
        }
    }
}
