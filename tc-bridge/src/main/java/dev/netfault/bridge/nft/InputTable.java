package dev.netfault.bridge.nft;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.scope.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An ingress blackhole in netfault's own nftables table {@code inet netfault_<id>}: one chain on the {@code input} hook
 * (priority filter - 1, before iptables-nft's filter table; a drop in any base chain is final, so an ACCEPT of the
 * application cannot hide it) that returns for exempt origins ({@code x4}, {@code x6}), then drops {@code match} from
 * the sources ({@code s4}, {@code s6}; none means every address) while {@code meta time <} the deadline and while the
 * table's lease ({@link NftLease}) is renewed.
 *
 * <p>Unlike an iptables chain, the table is wholly netfault's: applying it creates nothing in the application's
 * ruleset (iptables-nft creates {@code table ip filter} on first use), and one {@code nft delete table} removes it.
 * Applied by one {@code nft -f -} with {@code TZ=UTC} (nft reads the deadline in the local zone).
 *
 * @param iface   e.g. {@code iifname "eth0"}, or {@code iifname != "lo"} for every interface
 * @param match   e.g. {@code meta l4proto tcp tcp dport 443}
 * @param proof   a fragment {@code nft list} prints for the drop rule, e.g. {@code tcp dport 443}
 */
public record InputTable(FaultId id, Scope scope, String iface, String match, String proof, Duration lease) {

    public InputTable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(lease, "lease");
    }

    public String name() {
        return Ownership.nftTable(id);
    }

    public NftLease nftLease() {
        return new NftLease("inet", name(), lease);
    }

    /** The {@code nft -f -} input. */
    public String script() {
        StringBuilder sb = new StringBuilder("table inet ").append(name()).append(" {\n");
        sb.append(nftLease().declaration());
        NetdevTable.sets(sb, scope);
        sb.append("\tchain input {\n\t\ttype filter hook input priority -1; policy accept;\n");
        if (!scope.exempt4().isEmpty()) {
            sb.append("\t\tip saddr @x4 return\n");
        }
        if (!scope.exempt6().isEmpty()) {
            sb.append("\t\tip6 saddr @x6 return\n");
        }
        for (String addr : NetdevTable.addressMatches(scope, "saddr")) {
            sb.append("\t\t").append(iface).append(' ').append(addr).append(match).append(" meta time < \"")
                    .append(scope.nftExpiry()).append("\" counter drop\n");
        }
        sb.append("\t}\n}\n");
        return sb.toString();
    }

    public Command apply() {
        return Command.of("nft", "-f", "-").withStdin(script()).withEnv("TZ", "UTC");
    }

    public Check verify() {
        return new Check("nft table inet " + name() + " drops " + match + " on the input hook",
                Command.of("nft", "-t", "list", "table", "inet", name()),
                List.of("table inet " + name(), "hook input", proof, "drop"));
    }

    public Command revert() {
        return Command.of("nft", "delete", "table", "inet", name());
    }
}
