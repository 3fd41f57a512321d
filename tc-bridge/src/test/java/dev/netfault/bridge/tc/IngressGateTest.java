package dev.netfault.bridge.tc;

import static dev.netfault.bridge.testing.Fixtures.ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Lease;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngressGateTest {

    @Test
    void timeoutSeconds_leaseRoundedUpToWholeSeconds() {
        assertThat(new IngressGate(ID, Duration.ofSeconds(3)).timeoutSeconds()).isEqualTo(3);
        assertThat(new IngressGate(ID, Duration.ofMillis(3001)).timeoutSeconds()).isEqualTo(4);
        assertThat(new IngressGate(ID, Duration.ofMinutes(10)).timeoutSeconds()).isEqualTo(600);
    }

    @Test
    void held_renewalsOfTwoFaultsMergeIntoOneIpsetProcess() {
        IngressGate a = new IngressGate(ID, Duration.ofSeconds(3));
        IngressGate b = new IngressGate(new dev.netfault.bridge.plan.FaultId("0000beef"), Duration.ofSeconds(3));

        List<Command> merged = Lease.mergeAll(List.of(a.held(), b.held()));

        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).argv()).containsExactly("ipset", "restore", "-exist");
        assertThat(merged.get(0).stdin()).isEqualTo(""
                + "add nf1a2b3c4d-l4 0.0.0.0/1 timeout 3\nadd nf1a2b3c4d-l4 128.0.0.0/1 timeout 3\n"
                + "add nf1a2b3c4d-l6 ::/1 timeout 3\nadd nf1a2b3c4d-l6 8000::/1 timeout 3\n"
                + "add nf0000beef-l4 0.0.0.0/1 timeout 3\nadd nf0000beef-l4 128.0.0.0/1 timeout 3\n"
                + "add nf0000beef-l6 ::/1 timeout 3\nadd nf0000beef-l6 8000::/1 timeout 3\n");
    }

    @Test
    void create_undoDestroysBothSets() {
        assertThat(new IngressGate(ID, Duration.ofSeconds(15)).create().undo()).extracting(Command::line)
                .containsExactly("ipset destroy nf1a2b3c4d-l4", "ipset destroy nf1a2b3c4d-l6");
    }
}
