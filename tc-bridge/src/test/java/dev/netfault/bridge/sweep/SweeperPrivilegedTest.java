package dev.netfault.bridge.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.state.FaultedPair;
import dev.netfault.bridge.state.KernelObject;
import dev.netfault.bridge.state.KernelState;
import dev.netfault.bridge.state.ObjectKind;
import dev.netfault.bridge.state.StateReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("privileged")
class SweeperPrivilegedTest {

    @Test
    void sweep_removesUnkeptFaultsAndLeavesForeignObjectsByteIdentical() throws Exception {
        FaultId gone = FaultId.random();
        FaultId kept = FaultId.random();
        try (FaultedPair pair = new FaultedPair()) {
            pair.addForeign();
            String before = pair.foreignSnapshot();
            pair.addOwned(gone);
            pair.addOwnedNetfilter(kept);
            FaultedPair.udp(pair.b, "198.51.100.1", 9, 10);
            FaultedPair.udp(pair.a, "198.51.100.2", 10, 10);
            Sweeper sweeper = new Sweeper(pair.a.runner());

            long start = System.nanoTime();
            SweepResult first = sweeper.sweep(kept::equals, false);
            System.out.println("sweep took " + (System.nanoTime() - start) / 1_000_000 + " ms, removed "
                    + first.removed().size() + ": " + first.removed());

            assertThat(first.complete()).as(first.left().toString()).isTrue();
            assertThat(first.errors()).isEmpty();
            assertThat(first.removed()).allSatisfy(o -> assertThat(o.owner().orElse(gone)).isEqualTo(gone));
            assertThat(first.removed()).hasSize(11);
            KernelState between = new StateReader(pair.a.runner()).read();
            assertThat(between.owners()).containsExactly(kept);
            assertThat(between.objects()).hasSize(6);
            assertThat(between.tcRootOn("va")).isEmpty();

            SweepResult second = sweeper.sweep(id -> false, false);

            assertThat(second.removed()).hasSize(6);
            assertThat(new StateReader(pair.a.runner()).read().isEmpty()).isTrue();
            assertThat(pair.foreignSnapshot()).isEqualTo(before);
            assertThat(sweeper.sweep(id -> false, false).removed()).isEmpty();
        }
    }

    @Test
    void sweep_keepTcSparesNetfaultRootUntilAskedOtherwise() throws Exception {
        FaultId id = FaultId.random();
        try (FaultedPair pair = new FaultedPair()) {
            pair.addForeign();
            String before = pair.foreignSnapshot();
            pair.addOwned(id);
            pair.a.exec("tc", "qdisc", "add", "dev", "app0", "parent", "1:10", "handle", "4e48:", "pfifo");
            Sweeper sweeper = new Sweeper(pair.a.runner());

            SweepResult spared = sweeper.sweep(x -> false, true);

            KernelState after = new StateReader(pair.a.runner()).read();
            assertThat(spared.complete()).isTrue();
            assertThat(after.objects()).extracting(KernelObject::kind).containsOnly(ObjectKind.TC_QDISC);
            assertThat(after.tcRootOn("va")).isPresent();
            assertThat(after.objects()).extracting(KernelObject::name, KernelObject::parent)
                    .contains(org.assertj.core.groups.Tuple.tuple("4e48:", "1:10"));

            SweepResult all = sweeper.sweep(x -> false, false);

            assertThat(all.removed()).extracting(KernelObject::name).contains("4e46:", "4e48:");
            assertThat(new StateReader(pair.a.runner()).read().isEmpty()).isTrue();
            assertThat(pair.foreignSnapshot()).isEqualTo(before);
        }
    }
}
