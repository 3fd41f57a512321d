package dev.netfault.agent.faults;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/**
 * A sample entry of the shape a blackhole start writes, which {@link Journal#warmUp} writes to a scratch file of the
 * state directory, reads back and deletes (the kernel is not touched). {@link Lifecycle#open} runs it after the
 * reconcile, so the first start after the agent is ready finds the journal's codec and file classes loaded and its
 * lambdas linked (without it that start took 2.6-3.2× a later one, 2026-12-01), and the image build's class-data
 * training run, which cannot start a fault without NET_ADMIN, archives them.
 */
final class JournalWarmUp {

    static final String ID = "00000000";

    private JournalWarmUp() {
    }

    /** The sample entry after encoding and decoding; equal to {@link #sample()}. */
    static JournalEntry roundTrip() {
        return Journal.decode(Journal.encode(sample()));
    }

    static JournalEntry sample() {
        BlackholeSpec spec = new BlackholeSpec(9, Protocol.TCP, Direction.EGRESS, Targeting.all());
        String table = "netfault_" + ID;
        Command lookup = Command.of("nft", "-j", "list", "table", "netdev", table);
        AppliedFault a = new AppliedFault(new FaultId(ID), spec.kind(), "nftables netdev egress", List.of("eth0"),
                EnumSet.of(Touches.NFTABLES),
                List.of(Command.of("nft", "-f", "-").withStdin("table netdev " + table + " {}\n").withEnv("TZ", "UTC")),
                List.of(new Check("table", lookup, List.of(table))),
                List.of(Command.of("nft", "delete", "table", "netdev", table)),
                Lease.held(List.of(Command.of("nft", "-f", "-").withStdin("flush set netdev " + table + " lease\n")),
                        List.of(new Check("lease", lookup, List.of("expires")))));
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        return new JournalEntry(FaultKey.of(spec), spec, at, at.plusSeconds(60), JournalEntry.Phase.APPLYING,
                EnforcerMode.KERNEL, a);
    }
}
