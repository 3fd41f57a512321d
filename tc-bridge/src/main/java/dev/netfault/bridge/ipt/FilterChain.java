package dev.netfault.bridge.ipt;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.target.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The iptables (or ip6tables) chain {@code NETFAULT-<id>} of one fault in the filter table, jumped to from
 * {@code INPUT} at position 1 so an earlier ACCEPT of the application cannot hide it.
 *
 * <p>The chain returns for exempt origins first, then drops {@code match} from each source (one rule per source, one
 * rule for all addresses when there are none, or one {@code -m set} rule when the sources live in an ipset), every drop
 * limited by {@code -m time --datestop} (UTC) and marked {@code -m comment --comment netfault:<id>}. Applied by one
 * {@code iptables-restore -w 5 --noflush} process whatever the number of sources; reverted by separate tolerant
 * commands (jump, flush, delete chain), each removing one owned object.
 *
 * @param match  e.g. {@code ! -i lo -p tcp --dport 443}
 * @param proof  a fragment {@code iptables -S} prints for the drop rule, e.g. {@code --dport 443}
 * @param ipset  the set holding the sources, when there are too many for one rule each
 */
public record FilterChain(FaultId id, boolean ipv6, String hook, List<Cidr> exemptions, List<Cidr> sources,
                          Optional<String> ipset, String match, String proof, String expiry) {

    public FilterChain {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hook, "hook");
        exemptions = List.copyOf(exemptions);
        sources = List.copyOf(sources);
        Objects.requireNonNull(ipset, "ipset");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(expiry, "expiry");
    }

    private String program() {
        return ipv6 ? "ip6tables" : "iptables";
    }

    private String chain() {
        return Ownership.chain(id);
    }

    /** The jump rule's match and target, as the restore script writes it and as {@code -D} deletes it. */
    private List<String> jump() {
        return List.of("-m", "comment", "--comment", Ownership.comment(id), "-j", chain());
    }

    /** The {@code iptables-restore --noflush} input. */
    public String script() {
        String c = chain();
        StringBuilder sb = new StringBuilder("*filter\n:").append(c).append(" - [0:0]\n");
        exemptions.forEach(e -> sb.append("-A ").append(c).append(" -s ").append(e).append(" -j RETURN\n"));
        for (String from : origins()) {
            sb.append("-A ").append(c).append(from).append(' ').append(match).append(" -m time --datestop ")
                    .append(expiry).append(" -m comment --comment ").append(Ownership.comment(id)).append(" -j DROP\n");
        }
        sb.append("-I ").append(hook).append(" 1 ").append(String.join(" ", jump())).append('\n');
        sb.append("COMMIT\n");
        return sb.toString();
    }

    private List<String> origins() {
        if (ipset.isPresent()) {
            return List.of(" -m set --match-set " + ipset.get() + " src");
        }
        if (sources.isEmpty()) {
            return List.of("");
        }
        List<String> out = new ArrayList<>();
        sources.forEach(s -> out.add(" -s " + s));
        return out;
    }

    public Command apply() {
        return Command.of(program() + "-restore", "-w", "5", "--noflush").withStdin(script());
    }

    /** The chain holds the drop rule and the hook jumps to it. */
    public List<Check> verify() {
        return List.of(
                new Check(program() + " chain " + chain() + " drops " + match,
                        Command.of(program(), "-w", "5", "-S", chain()),
                         List.of(proof, "--datestop " + expiry, Ownership.comment(id), "-j DROP")),
                new Check(program() + " " + hook + " jumps to " + chain(),
                        Command.of(program(), "-w", "5", "-S", hook), List.of("-j " + chain())));
    }

    /** Jump, flush, delete: each tolerant of an object that is already gone. */
    public List<Command> revert() {
        List<String> delJump = new ArrayList<>(List.of(program(), "-w", "5", "-D", hook));
        delJump.addAll(jump());
        return List.of(Command.of(delJump),
                Command.of(program(), "-w", "5", "-F", chain()),
                Command.of(program(), "-w", "5", "-X", chain()));
    }
}
