package dev.netfault.bridge.state;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code iptables-save -c} / {@code ip6tables-save -c}: the {@code NETFAULT-<id>} chains with the counters of
 * their DROP rules, and the rules in other chains that jump to them or carry a {@code netfault:<id>} comment.
 */
final class IptablesSave {

    private static final Pattern RULE = Pattern.compile("\\[(\\d+):(\\d+)] (-A (\\S+) .*)");
    private static final Pattern TARGET = Pattern.compile("(?:^| )-[jg] (\\S+)");
    private static final Pattern COMMENT = Pattern.compile("--comment \"?" + Pattern.quote(Ownership.COMMENT_PREFIX)
            + "([0-9a-f]{8})\"?(?: |$)");

    private IptablesSave() {
    }

    static List<KernelObject> parse(String save, boolean ipv6) {
        ObjectKind chainKind = ipv6 ? ObjectKind.IP6TABLES_CHAIN : ObjectKind.IPTABLES_CHAIN;
        ObjectKind ruleKind = ipv6 ? ObjectKind.IP6TABLES_RULE : ObjectKind.IPTABLES_RULE;
        List<KernelObject> rules = new ArrayList<>();
        Map<String, Counters> chains = new LinkedHashMap<>();
        Map<String, FaultId> chainOwner = new LinkedHashMap<>();
        String table = "";
        for (String line : save.split("\n")) {
            if (line.startsWith("*")) {
                table = line.substring(1).strip();
            } else if (line.startsWith(":")) {
                String chain = line.substring(1).split(" ", 2)[0];
                String key = table + " " + chain;
                Ownership.ofChain(chain).ifPresent(id -> {
                    chains.put(key, Counters.ZERO);
                    chainOwner.put(key, id);
                });
            } else {
                Matcher m = RULE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                long packets = Long.parseLong(m.group(1));
                long bytes = Long.parseLong(m.group(2));
                String spec = m.group(3);
                String chain = m.group(4);
                String target = target(spec);
                boolean drop = target.equals("DROP");
                String key = table + " " + chain;
                if (chains.containsKey(key)) {
                    if (drop) {
                        chains.merge(key, new Counters(packets, bytes, packets), Counters::plus);
                    }
                    continue;
                }
                Optional<FaultId> owner = Ownership.ofChain(target).or(() -> comment(spec));
                if (owner.isPresent()) {
                    rules.add(new KernelObject(ruleKind, spec, table, chain, Optional.empty(), owner,
                            new Counters(packets, bytes, drop ? packets : 0)));
                }
            }
        }
        List<KernelObject> out = new ArrayList<>();
        chains.forEach((key, counters) -> {
            String[] tc = key.split(" ", 2);
            out.add(new KernelObject(chainKind, tc[1], tc[0], "", Optional.empty(),
                    Optional.of(chainOwner.get(key)), counters));
        });
        out.addAll(rules);
        return out;
    }

    static String target(String spec) {
        Matcher t = TARGET.matcher(spec);
        String target = "";
        while (t.find()) {
            target = t.group(1);
        }
        return target;
    }

    private static Optional<FaultId> comment(String spec) {
        Matcher c = COMMENT.matcher(spec);
        return c.find() ? Optional.of(new FaultId(c.group(1))) : Optional.empty();
    }
}
