package dev.netfault.bridge.ipt;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.target.Cidr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ipsets ({@code hash:net}) holding many sources, so a chain needs one {@code -m set} rule instead of one rule per
 * source. All sets are created by one {@code ipset restore} process; each is destroyed by its own tolerant command,
 * after the chain that references it is gone.
 */
public final class IpSets {

    private final Map<String, List<Cidr>> sets = new LinkedHashMap<>();

    /** Adds a set of one family ({@code family inet} or {@code inet6} follows from the entries). */
    public IpSets add(String name, List<Cidr> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("entries: [] (expected: at least one address for ipset " + name + ")");
        }
        sets.put(name, List.copyOf(entries));
        return this;
    }

    public boolean isEmpty() {
        return sets.isEmpty();
    }

    /** The {@code ipset restore} input. */
    public String script() {
        StringBuilder sb = new StringBuilder();
        sets.forEach((name, entries) -> {
            sb.append("create ").append(name).append(" hash:net family ")
                    .append(entries.get(0).isIpv6() ? "inet6" : "inet").append('\n');
            entries.forEach(e -> sb.append("add ").append(name).append(' ').append(e).append('\n'));
        });
        return sb.toString();
    }

    public Command apply() {
        return Command.of("ipset", "restore").withStdin(script());
    }

    public List<Check> verify() {
        return sets.keySet().stream()
                .map(n -> new Check("ipset " + n + " exists", Command.of("ipset", "list", "-n", n), List.of(n)))
                .toList();
    }

    public List<Command> revert() {
        return sets.keySet().stream().map(n -> Command.of("ipset", "destroy", n)).toList();
    }
}
