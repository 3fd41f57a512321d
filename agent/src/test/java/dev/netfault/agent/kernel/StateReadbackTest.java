package dev.netfault.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.state.Counters;
import dev.netfault.bridge.state.KernelObject;
import dev.netfault.bridge.state.KernelState;
import dev.netfault.bridge.state.ObjectKind;
import dev.netfault.bridge.state.StateReader;
import dev.netfault.bridge.testing.RecordingRunner;
import dev.netfault.bridge.plan.Lease;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateReadbackTest {

    static final FaultId ID = new FaultId("0a0b0c0d");
    static final FaultId OTHER = new FaultId("0e0e0e0e");

    static KernelObject obj(ObjectKind kind, String name, String iface, FaultId owner, long packets, long drops) {
        return new KernelObject(kind, name, "", "root", Optional.ofNullable(iface), Optional.ofNullable(owner),
                new Counters(packets, packets * 60, drops));
    }

    static final KernelState STATE = new KernelState(List.of(
            obj(ObjectKind.NFT_TABLE, "netfault_0a0b0c0d", null, ID, 10, 4),
            obj(ObjectKind.IPTABLES_CHAIN, "NETFAULT-0a0b0c0d", null, ID, 5, 5),
            obj(ObjectKind.IPTABLES_CHAIN, "NETFAULT-0e0e0e0e", null, OTHER, 100, 100),
            obj(ObjectKind.TC_QDISC, "4e46:", "eth0", null, 50, 0),
            obj(ObjectKind.TC_QDISC, "4e46:", "eth1", null, 70, 0)));

    @Test
    void counters_blackhole_sumsOnlyItsOwnObjects() {
        AppliedFault blackhole = new AppliedFault(ID, "blackhole", "nftables netdev egress", List.of("eth0"),
                Set.of(Touches.NFTABLES), List.of(Command.of("nft", "-f", "-")), List.of(), List.of(), Lease.unleased("test"));

        assertThat(StateReadback.counters(STATE, blackhole))
                .containsExactly(java.util.Map.entry("packets", 15L), java.util.Map.entry("bytes", 900L),
                        java.util.Map.entry("packetsDropped", 9L));
    }

    @Test
    void objects_tcLatency_includesIdlessTcObjectsOnItsInterfacesOnly() {
        AppliedFault latency = new AppliedFault(ID, "latency", "tc htb+netem", List.of("eth0"),
                Set.of(Touches.TC, Touches.TC_TREE), List.of(Command.of("tc", "-batch", "-")), List.of(), List.of(), Lease.unleased("test"));

        assertThat(StateReadback.objects(STATE, latency)).extracting(KernelObject::name)
                .containsExactly("netfault_0a0b0c0d", "NETFAULT-0a0b0c0d", "4e46:");
        assertThat(StateReadback.counters(STATE, latency)).containsEntry("packetsDelayed", 65L);
    }

    @Test
    void leftovers_readOnlyWhatThePlanTouches() throws Exception {
        RecordingRunner runner = new RecordingRunner()
                .when("nft -j -t list table netdev netfault_0a0b0c0d", new CommandResult(0,
                        "{\"nftables\": [{\"table\": {\"family\": \"netdev\", \"name\": \"netfault_0a0b0c0d\","
                                + " \"handle\": 1}}]}", ""))
                .when("nft -j -t list table inet", new CommandResult(1, "", "Error: No such file or directory\n"));
        AppliedFault blackhole = new AppliedFault(ID, "blackhole", "nftables netdev egress", List.of("eth0"),
                Set.of(Touches.NFTABLES), List.of(Command.of("nft", "-f", "-")), List.of(), List.of(), Lease.unleased("test"));

        List<String> left = new StateReadback(new StateReader(runner)).leftovers(blackhole);

        assertThat(runner.lines()).containsExactly("nft -j -t list table netdev netfault_0a0b0c0d",
                "nft -j -t list table inet netfault_0a0b0c0d");
        assertThat(left).hasSize(1).allMatch(l -> l.contains("netfault_0a0b0c0d"));
    }
}
