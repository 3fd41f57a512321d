package dev.netfault.bridge.plan;

import java.util.List;
import java.util.Objects;

/**
 * What a fault does to the kernel, computed before anything runs: the commands to apply it, the checks that prove it
 * is in place, and the commands that remove it. Revert commands remove only objects this plan creates and are safe to
 * run when some of them are already gone (rollback of a partial apply runs them too).
 *
 * @param mechanism how the fault is enforced, e.g. {@code nftables netdev egress} or {@code tc prio+netem}
 * @param notes     facts the operator should know, e.g. a fallback that was chosen and why
 * @param lease     how the kernel lets the fault lapse when no agent renews it, or why it cannot
 */
public record Plan(FaultId id, String kind, String mechanism, List<String> interfaces, List<Command> apply,
                   List<Check> verify, List<Command> revert, List<String> notes, Lease lease) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mechanism, "mechanism");
        interfaces = List.copyOf(interfaces);
        apply = List.copyOf(apply);
        verify = List.copyOf(verify);
        revert = List.copyOf(revert);
        notes = List.copyOf(notes);
        Objects.requireNonNull(lease, "lease");
    }

    /** The plan as an operator reads it: every command of each phase, one per line. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# fault ").append(id).append(" (").append(kind).append(") via ").append(mechanism);
        if (!interfaces.isEmpty()) {
            sb.append(" on ").append(String.join(", ", interfaces));
        }
        sb.append('\n');
        notes.forEach(n -> sb.append("# note: ").append(n).append('\n'));
        sb.append("## apply\n");
        apply.forEach(c -> sb.append(c.display()).append('\n'));
        sb.append("## verify\n");
        verify.forEach(c -> sb.append(c.command().display()).append("   # ").append(c.what()).append('\n'));
        sb.append("## revert\n");
        revert.forEach(c -> sb.append(c.display()).append('\n'));
        if (lease.leased()) {
            sb.append("## renew (the lease, by a live agent)\n");
            lease.renew().forEach(c -> sb.append(c.display()).append('\n'));
            lease.alive().forEach(c -> sb.append(c.command().display()).append("   # ").append(c.what()).append('\n'));
        } else {
            sb.append("## unleased: ").append(lease.unleasedReason().get()).append('\n');
        }
        return sb.toString();
    }
}
