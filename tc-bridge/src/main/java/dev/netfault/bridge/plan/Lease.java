package dev.netfault.bridge.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The second kernel-held clock of a fault besides its deadline: state in the kernel that lapses by itself (set elements
 * with timeouts) unless a live agent renews it. A leased fault stops biting within one lease period of the last
 * renewal, with no process involved; an unleased one says why ({@link #unleasedReason()}: what the kernel lacks and how
 * to get it).
 *
 * <p>Renewals of every live fault run together, one process per tool: each renew command is a batch tool reading its
 * standard input ({@code nft -f -}, {@code ipset restore -exist}), and {@link #merge} joins the inputs of commands with
 * the same argv and environment. So a renew command must be a complete transaction of its own and stay valid when
 * concatenated with another fault's.
 *
 * <p>{@code Lease.held(List.of(renew), List.of(alive))}, {@code Lease.unleased("no nftables egress hook (...)")}
 *
 * @param renew commands that restart the lease's timeouts (apply already starts them)
 * @param alive checks that pass while the lease has not lapsed (read from the kernel)
 */
public record Lease(Optional<String> unleasedReason, List<Command> renew, List<Check> alive) {

    public Lease {
        Objects.requireNonNull(unleasedReason, "unleasedReason");
        renew = List.copyOf(renew);
        alive = List.copyOf(alive);
        if (unleasedReason.isPresent() && (!renew.isEmpty() || !alive.isEmpty())) {
            throw new IllegalArgumentException("renew: " + renew + " (expected: none for an unleased fault)");
        }
        if (unleasedReason.isEmpty()) {
            if (renew.isEmpty()) {
                throw new IllegalArgumentException("renew: [] (expected: at least one command for a leased fault)");
            }
            for (Command c : renew) {
                if (c.stdin() == null) {
                    throw new IllegalArgumentException("renew: " + c.line()
                            + " (expected: a batch command reading its standard input, so renewals can be merged)");
                }
            }
        }
    }

    public static Lease held(List<Command> renew, List<Check> alive) {
        return new Lease(Optional.empty(), renew, alive);
    }

    public static Lease unleased(String reason) {
        return new Lease(Optional.of(reason), List.of(), List.of());
    }

    public boolean leased() {
        return unleasedReason.isEmpty();
    }

    /**
     * The renew commands of many faults as one process per tool: commands with equal argv and environment become one
     * whose standard input is theirs concatenated in order (each ending in a newline), the first one's place kept.
     *
     * <p>{@code merge(List.of(nftA, ipsetB, nftC))} gives {@code [nft -f - <<(A;C), ipset restore -exist <<B]}.
     */
    public static List<Command> merge(List<Command> renew) {
        Map<List<Object>, StringBuilder> inputs = new LinkedHashMap<>();
        Map<List<Object>, Command> first = new LinkedHashMap<>();
        for (Command c : renew) {
            List<Object> tool = List.of(c.argv(), c.env());
            first.putIfAbsent(tool, c);
            StringBuilder sb = inputs.computeIfAbsent(tool, k -> new StringBuilder());
            sb.append(c.stdin());
            if (!c.stdin().endsWith("\n")) {
                sb.append('\n');
            }
        }
        List<Command> out = new ArrayList<>();
        first.forEach((tool, c) -> out.add(c.withStdin(inputs.get(tool).toString())));
        return out;
    }

    /** The renew commands of all {@code leases}, merged per tool. */
    public static List<Command> mergeAll(List<Lease> leases) {
        List<Command> all = new ArrayList<>();
        leases.forEach(l -> all.addAll(l.renew()));
        return merge(all);
    }
}
