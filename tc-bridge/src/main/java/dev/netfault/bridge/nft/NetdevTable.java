package dev.netfault.bridge.nft;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.scope.Scope;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One nftables table {@code netdev netfault_<id>} that silently drops matching packets in the netdev hook of each target
 * interface: {@code egress} for egress faults, {@code ingress} for ingress ones. A drop here happens below the socket
 * layer, so a UDP sender's {@code send()} still succeeds (measured: 19.0% loss for 20% with no send() error).
 *
 * <p>Each interface gets a chain {@code if<N>} that first returns for exempt addresses (interval sets {@code x4},
 * {@code x6}) and for {@code returns} (e.g. the agent's control port), then drops {@code match} for the sources (sets
 * {@code s4}, {@code s6}; no set means every address) and destination ports ({@link TransportMatch}) while
 * {@code meta time <} the expiry, so the kernel stops
 * matching at the deadline even if nothing reverts the table. nft reads that time in the local zone: the apply command
 * runs with {@code TZ=UTC}. The whole table is created by one {@code nft -f -} process (atomic) and removed by one
 * {@code nft delete table}.
 *
 * <p>Every drop also requires the table's lease ({@link NftLease}): it stops matching {@code lease} after the agent's
 * last renewal even before the deadline.
 *
 * @param match   what to drop besides the addresses, e.g. {@code meta l4proto tcp tcp dport 443} or
 *                {@code numgen random mod 100 < 20}; empty drops every IP packet of the addresses
 * @param returns extra statements ending in {@code return}, checked before the drop
 * @param verdict what a matching packet gets: {@link #DROP}, or e.g. {@code counter meta priority set 4e46:1} to steer
 *                it into a tc class
 */
public record NetdevTable(FaultId id, Scope scope, List<String> returns, String match, Duration lease, String verdict) {

    /** What a drop rule ends with. */
    public static final String DROP = "counter drop";

    /** A table whose rules drop what they match. */
    public NetdevTable(FaultId id, Scope scope, List<String> returns, String match, Duration lease) {
        this(id, scope, returns, match, lease, DROP);
    }

    public NetdevTable {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        returns = List.copyOf(returns);
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(lease, "lease");
    }

    /** The table's lease: renewing it keeps the drops matching. */
    public NftLease nftLease() {
        return new NftLease("netdev", name(), lease);
    }

    public String name() {
        return Ownership.nftTable(id);
    }

    /** The netdev hook: {@code egress} or {@code ingress}. */
    public String hook() {
        return scope.direction() == Direction.EGRESS ? "egress" : "ingress";
    }

    private String addressKey() {
        return scope.direction() == Direction.EGRESS ? "daddr" : "saddr";
    }

    /** The {@code nft -f -} input. */
    public String script(List<Link> targets) {
        StringBuilder sb = new StringBuilder();
        sb.append("table netdev ").append(name()).append(" {\n");
        sb.append(nftLease().declaration());
        sets(sb, scope);
        for (int i = 0; i < targets.size(); i++) {
            sb.append("\tchain if").append(i).append(" {\n");
            sb.append("\t\ttype filter hook ").append(hook()).append(" device \"").append(targets.get(i).name().value())
                    .append("\" priority 0; policy accept;\n");
            if (!scope.exempt4().isEmpty()) {
                sb.append("\t\tip ").append(addressKey()).append(" @x4 return\n");
            }
            if (!scope.exempt6().isEmpty()) {
                sb.append("\t\tip6 ").append(addressKey()).append(" @x6 return\n");
            }
            returns.forEach(r -> sb.append("\t\t").append(r).append('\n'));
            String transport = TransportMatch.of(scope);
            for (String addr : addressMatches(scope, addressKey())) {
                sb.append("\t\t").append(addr).append(transport.isEmpty() ? "" : transport + " ")
                        .append(match.isEmpty() ? "" : match + " ").append("meta time < \"")
                        .append(scope.nftExpiry()).append("\" ").append(verdict).append('\n');
            }
            sb.append("\t}\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    /** One leased match per impaired family, e.g. {@code meta protocol @lease ip daddr @s4 }. */
    static List<String> addressMatches(Scope scope, String addressKey) {
        if (scope.allAddresses()) {
            return List.of(NftLease.MATCH + " "); // IP only (the lease holds ip, ip6): never ARP or other frames
        }
        List<String> out = new ArrayList<>();
        if (!scope.sources4().isEmpty()) {
            out.add(NftLease.MATCH + " ip " + addressKey + " @s4 ");
        }
        if (!scope.sources6().isEmpty()) {
            out.add(NftLease.MATCH + " ip6 " + addressKey + " @s6 ");
        }
        return out;
    }

    /** The exempt ({@code x4}, {@code x6}) and impaired ({@code s4}, {@code s6}) address sets that are not empty. */
    static void sets(StringBuilder sb, Scope scope) {
        set(sb, "x4", false, scope.exempt4());
        set(sb, "x6", true, scope.exempt6());
        set(sb, "s4", false, scope.sources4());
        set(sb, "s6", true, scope.sources6());
    }

    private static void set(StringBuilder sb, String name, boolean v6, List<Cidr> elements) {
        if (elements.isEmpty()) {
            return;
        }
        sb.append("\tset ").append(name).append(" {\n");
        sb.append("\t\ttype ").append(v6 ? "ipv6_addr" : "ipv4_addr").append('\n');
        sb.append("\t\tflags interval\n");
        sb.append("\t\telements = { ").append(String.join(", ", elements.stream().map(Scope::text).toList()))
                .append(" }\n");
        sb.append("\t}\n");
    }

    public Command apply(List<Link> targets) {
        return Command.of("nft", "-f", "-").withStdin(script(targets)).withEnv("TZ", "UTC");
    }

    /** The table lists a chain on the hook of every target interface. */
    public Check verify(List<Link> targets) {
        List<String> expect = new ArrayList<>();
        expect.add("table netdev " + name());
        targets.forEach(l -> expect.add("hook " + hook() + " device \"" + l.name().value() + "\""));
        if (scope.byTransport()) {
            expect.add(TransportMatch.listed(scope));
        }
        // nft prints a counter with its values ("counter packets 0 bytes 0 drop"): expect what follows it
        expect.add(verdict.startsWith("counter ") ? verdict.substring("counter ".length()) : verdict);
        return new Check("nft table " + name() + " hooks " + hook() + " of " + targets.size() + " interface(s)",
                Command.of("nft", "-t", "list", "table", "netdev", name()), expect);
    }

    public Command revert() {
        return Command.of("nft", "delete", "table", "netdev", name());
    }
}
