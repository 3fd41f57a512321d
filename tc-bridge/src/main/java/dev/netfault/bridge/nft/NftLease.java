package dev.netfault.bridge.nft;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.PlanContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The lease of one netfault nft table: a set {@code lease} of ether types with {@code flags timeout} holding
 * {@code ip} and {@code ip6} for {@code duration}; every rule that impairs traffic requires {@link #MATCH}, so once the
 * elements time out (no agent renewed them) the rules stop matching and traffic passes, with no process involved.
 *
 * <p>Renewal is {@code flush set} + {@code add element} in one {@code nft -f -} transaction: re-adding an element that
 * is still there does not restart its timeout (Linux 6.1 never, 6.18 only with another timeout), and a delete + add
 * fails once the element has lapsed; flush + add refreshes with no gap (measured: 300 renewals over 3 M packets, none
 * escaped). The renew input names the table, so renewals of many tables concatenate into one transaction.
 *
 * @param family the table's family, {@code netdev} or {@code inet}
 */
public record NftLease(String family, String table, Duration duration) {

    /** What an impairing rule must match: the packet's ether type is still leased. */
    public static final String MATCH = "meta protocol @lease";

    public NftLease {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        PlanContext.requireLease(duration);
    }

    private String elements() {
        String t = " timeout " + duration.toMillis() + "ms";
        return "{ ip" + t + ", ip6" + t + " }";
    }

    /** The set inside the table's {@code nft -f} definition, elements already leased. */
    public String declaration() {
        return "\tset lease {\n\t\ttype ether_type\n\t\tflags timeout\n\t\telements = " + elements() + "\n\t}\n";
    }

    /** One transaction that restarts the lease of this table. */
    public Command renew() {
        return Command.of("nft", "-f", "-").withStdin("flush set " + family + " " + table + " lease\n"
                + "add element " + family + " " + table + " lease " + elements() + "\n");
    }

    /** Passes while an element of the lease has not timed out: nft prints {@code expires} for each live one. */
    public Check alive() {
        return new Check("lease of nft table " + table + " has not lapsed",
                Command.of("nft", "list", "set", family, table, "lease"), List.of("expires"));
    }

    public Lease lease() {
        return Lease.held(List.of(renew()), List.of(alive()));
    }
}
