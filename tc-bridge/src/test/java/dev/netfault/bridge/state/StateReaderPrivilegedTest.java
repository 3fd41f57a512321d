package dev.netfault.bridge.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.FaultId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("privileged")
class StateReaderPrivilegedTest {

    @Test
    void read_findsHandMadeObjectsAndCountsTraffic() throws Exception {
        FaultId id = FaultId.random();
        try (FaultedPair pair = new FaultedPair()) {
            pair.addForeign();
            assertThat(new StateReader(pair.a.runner()).read().isEmpty()).isTrue();
            pair.addOwned(id);

            FaultedPair.udp(pair.b, "198.51.100.1", 9, 20);
            FaultedPair.udp(pair.b, "2001:db8::1", 9, 10);
            FaultedPair.udp(pair.a, "198.51.100.2", 10, 15);
            FaultedPair.udp(pair.a, "198.51.100.2", 11, 12);
            long start = System.nanoTime();
            KernelState state = new StateReader(pair.a.runner()).read();
            System.out.println("state read took " + (System.nanoTime() - start) / 1_000_000 + " ms: " + state);

            assertThat(state.objects()).allSatisfy(o -> assertThat(o.owner().isEmpty() ? o.kind().isTc()
                    : o.owner().get().equals(id)).as(o.toString()).isTrue());
            assertThat(state.objects()).extracting(KernelObject::kind).containsExactlyInAnyOrder(
                    ObjectKind.IPTABLES_CHAIN, ObjectKind.IPTABLES_RULE, ObjectKind.IP6TABLES_CHAIN,
                    ObjectKind.IP6TABLES_RULE, ObjectKind.NFT_TABLE, ObjectKind.TC_QDISC, ObjectKind.TC_INGRESS,
                    ObjectKind.TC_FILTER, ObjectKind.LINK, ObjectKind.LINK, ObjectKind.IPSET);
            assertThat(one(state, ObjectKind.IPTABLES_CHAIN).counters().drops()).isEqualTo(20);
            assertThat(one(state, ObjectKind.IPTABLES_RULE).counters().packets()).isGreaterThanOrEqualTo(20);
            assertThat(one(state, ObjectKind.IP6TABLES_CHAIN).counters().drops()).isEqualTo(10);
            assertThat(one(state, ObjectKind.NFT_TABLE).counters().drops()).isEqualTo(15);
            assertThat(state.tcRootOn("va")).map(o -> o.counters().packets()).hasValueSatisfying(p ->
                    assertThat(p).isBetween(12L, 40L));
            assertThat(one(state, ObjectKind.TC_INGRESS).counters().packets()).isGreaterThanOrEqualTo(30);
            assertThat(one(state, ObjectKind.TC_INGRESS).owner()).hasValue(id);
            assertThat(named(state, "nf" + id.value() + "i").orElseThrow().counters().packets())
                    .isGreaterThanOrEqualTo(20);
            assertThat(named(state, "nf" + id.value() + "d")).isPresent();
            assertThat(one(state, ObjectKind.TC_FILTER)).extracting(KernelObject::name, KernelObject::type,
                    KernelObject::iface).containsExactly("pref 7", "egress", Optional.of("app0"));
            assertThat(state.objectsOf(id)).hasSize(10);
        }
    }

    private static KernelObject one(KernelState state, ObjectKind kind) {
        List<KernelObject> all = state.ofKind(kind);
        assertThat(all).as(kind.name()).hasSize(1);
        return all.get(0);
    }

    static Optional<KernelObject> named(KernelState state, String name) {
        return state.objects().stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
