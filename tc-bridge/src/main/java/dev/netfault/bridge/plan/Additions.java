package dev.netfault.bridge.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands that turn a running fault into the same fault with more sources or exemptions, adding to the kernel's
 * objects and removing nothing, so no packet of the fault passes unimpaired meanwhile (the ECS agent's add-sources).
 * Both plans are the planner's, for the same fault id, namespace and expiry: {@code before} the running one, {@code
 * after} the one with the wider targeting.
 *
 * <ul>
 *   <li>{@code tc -batch -}: the {@code filter add} lines of {@code after} that {@code before} lacks, in one batch
 *       (an exemption at a lower u32 priority number than every source, so it wins at once).</li>
 *   <li>{@code nft -f -} (a netdev table): one transaction, atomic in the kernel: each set that grew is flushed and
 *       filled again, a new set is added with its elements, a new {@code return} rule is inserted at the head of its
 *       chain and a new drop rule appended.</li>
 * </ul>
 * Anything else that differs (a qdisc, a class, a chain, a hook) is not an addition: {@link UnsupportedFaultException}.
 */
public final class Additions {

    private static final Pattern TABLE = Pattern.compile("table (\\S+) (\\S+) \\{");
    private static final Pattern SET = Pattern.compile("\\tset (\\S+) \\{\\n(.*?)\\t\\}\\n", Pattern.DOTALL);
    private static final Pattern ELEMENTS = Pattern.compile("\\t\\telements = \\{ (.*) \\}\\n");
    private static final Pattern CHAIN = Pattern.compile("\\tchain (\\S+) \\{\\n(.*?)\\t\\}\\n", Pattern.DOTALL);

    private Additions() {
    }

    /** The commands to run; empty when {@code after} adds nothing. */
    public static List<Command> between(Plan before, Plan after) {
        if (before.apply().size() != after.apply().size()) {
            throw notAnAddition("the number of apply commands changed");
        }
        List<Command> out = new ArrayList<>();
        for (int i = 0; i < before.apply().size(); i++) {
            Command b = before.apply().get(i);
            Command a = after.apply().get(i);
            if (!b.argv().equals(a.argv()) || !b.env().equals(a.env())) {
                throw notAnAddition("command " + a.display() + " differs");
            }
            String bs = b.stdin() == null ? "" : b.stdin();
            String as = a.stdin() == null ? "" : a.stdin();
            if (bs.equals(as)) {
                continue;
            }
            if (a.argv().equals(List.of("tc", "-batch", "-"))) {
                out.add(Command.of("tc", "-batch", "-").withStdin(tcAdded(bs, as)));
            } else if (a.argv().equals(List.of("nft", "-f", "-"))) {
                Command c = Command.of("nft", "-f", "-").withStdin(nftAdded(bs, as));
                for (Map.Entry<String, String> e : a.env().entrySet()) {
                    c = c.withEnv(e.getKey(), e.getValue());
                }
                out.add(c);
            } else {
                throw notAnAddition("the input of " + a.display() + " changed");
            }
        }
        return out;
    }

    private static String tcAdded(String before, String after) {
        Set<String> had = new LinkedHashSet<>(before.lines().toList());
        StringBuilder sb = new StringBuilder();
        for (String line : after.lines().toList()) {
            if (had.remove(line)) {
                continue;
            }
            if (!line.startsWith("filter add ")) {
                throw notAnAddition("tc line '" + line + "' is new");
            }
            sb.append(line).append('\n');
        }
        if (!had.isEmpty()) {
            throw notAnAddition("tc line '" + had.iterator().next() + "' would go");
        }
        return sb.toString();
    }

    private static String nftAdded(String before, String after) {
        Matcher tb = TABLE.matcher(before);
        Matcher ta = TABLE.matcher(after);
        if (!tb.find() || !ta.find() || !tb.group().equals(ta.group())) {
            throw notAnAddition("the nft table changed");
        }
        String table = ta.group(1) + " " + ta.group(2);
        Map<String, String> setsBefore = blocks(SET, before);
        Map<String, String> setsAfter = blocks(SET, after);
        Map<String, String> chainsBefore = blocks(CHAIN, before);
        Map<String, String> chainsAfter = blocks(CHAIN, after);
        if (!setsAfter.keySet().containsAll(setsBefore.keySet()) || !chainsBefore.keySet().equals(chainsAfter.keySet())) {
            throw notAnAddition("an nft set would go or a chain changed");
        }
        StringBuilder sb = new StringBuilder();
        setsAfter.forEach((name, body) -> {
            String old = setsBefore.get(name);
            if (body.equals(old)) {
                return;
            }
            Matcher e = ELEMENTS.matcher(body);
            if (!e.find()) {
                throw notAnAddition("set " + name + " has no elements");
            }
            if (old == null) {
                sb.append("add set ").append(table).append(' ').append(name).append(" { ")
                        .append(ELEMENTS.matcher(body).replaceAll("").strip().replace("\n\t\t", "; ").replace("\n", "; "))
                        .append("; }\n");
            } else {
                if (!ELEMENTS.matcher(old).replaceAll("").equals(ELEMENTS.matcher(body).replaceAll(""))) {
                    throw notAnAddition("set " + name + " changed type");
                }
                sb.append("flush set ").append(table).append(' ').append(name).append('\n');
            }
            sb.append("add element ").append(table).append(' ').append(name).append(" { ").append(e.group(1)).append(" }\n");
        });
        chainsAfter.forEach((name, body) -> {
            List<String> had = new ArrayList<>(chainsBefore.get(name).lines().map(String::strip).toList());
            for (String rule : body.lines().map(String::strip).toList()) {
                if (had.remove(rule)) {
                    continue;
                }
                if (rule.startsWith("type ")) {
                    throw notAnAddition("chain " + name + " changed its hook");
                }
                sb.append(rule.endsWith(" return") ? "insert rule " : "add rule ").append(table).append(' ')
                        .append(name).append(' ').append(rule).append('\n');
            }
            if (!had.isEmpty()) {
                throw notAnAddition("rule '" + had.get(0) + "' of chain " + name + " would go");
            }
        });
        return sb.toString();
    }

    private static Map<String, String> blocks(Pattern p, String script) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = p.matcher(script);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private static UnsupportedFaultException notAnAddition(String why) {
        return new UnsupportedFaultException("add-sources: the wider fault is not an addition to the running one (" + why
                + ")");
    }
}
