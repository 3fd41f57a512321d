package dev.netfault.bridge.testing;

import dev.netfault.bridge.exec.CommandResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The netfilter and traffic-control state of one namespace, as text for byte-for-byte before/after comparisons:
 * {@code iptables-save}, {@code ip6tables-save}, {@code nft -s list ruleset}, {@code ipset list -n},
 * {@code ip -j link show}, {@code tc -j qdisc show} and {@code tc -j filter show} (root, ingress and egress) of every
 * link. Only what changes by itself is stripped: the save tools' timestamp comments and packet/byte counters.
 *
 * <pre>{@code
 * KernelSnapshot before = KernelSnapshot.take(ns);
 * ... apply and revert a fault ...
 * assertThat(KernelSnapshot.take(ns)).as(before.diff(after)).isEqualTo(before);
 * }</pre>
 */
public record KernelSnapshot(String iptables, String ip6tables, String nftables, String ipsets, String links,
                             String qdiscs, String filters) {

    private static final Pattern SAVE_COUNTERS = Pattern.compile("\\[\\d+:\\d+\\]");
    private static final Pattern NFT_COUNTERS = Pattern.compile("counter packets \\d+ bytes \\d+");
    private static final Pattern MARKED = Pattern.compile(
            "NETFAULT-[0-9a-f]{8}|netfault:[0-9a-f]{8}|netfault_[0-9a-f]{8}|\\bnf[0-9a-f]{8}[a-z]?(-[a-z0-9]+)?\\b"
                    + "|\"handle\":\"4e4[6-9a-f]:[0-9a-f]*\"");
    private static final Pattern IFNAME = Pattern.compile("\"ifname\":\"([^\"]+)\"");

    /** Reads the state of {@code ns} now. */
    public static KernelSnapshot take(Netns ns) throws InterruptedException {
        String links = read(ns, "ip", "-j", "link", "show");
        StringBuilder qdiscs = new StringBuilder();
        StringBuilder filters = new StringBuilder();
        for (String link : linkNames(links)) {
            qdiscs.append(link).append(": ").append(read(ns, "tc", "-j", "qdisc", "show", "dev", link)).append('\n');
            for (String where : List.of("root", "ingress", "egress")) {
                List<String> argv = new ArrayList<>(List.of("tc", "-j", "filter", "show", "dev", link));
                if (!where.equals("root")) {
                    argv.add(where);
                }
                filters.append(link).append(' ').append(where).append(": ")
                        .append(read(ns, argv.toArray(String[]::new))).append('\n');
            }
        }
        return new KernelSnapshot(
                saveOutput(read(ns, "iptables-save")),
                saveOutput(read(ns, "ip6tables-save")),
                NFT_COUNTERS.matcher(read(ns, "nft", "-s", "list", "ruleset")).replaceAll("counter"),
                read(ns, "ipset", "list", "-n"),
                links, qdiscs.toString(), filters.toString());
    }

    /** The differing parts, line by line ({@code -} only before, {@code +} only after); empty when equal. */
    public String diff(KernelSnapshot after) {
        StringBuilder sb = new StringBuilder();
        parts().forEach((name, text) -> {
            String other = after.parts().get(name);
            if (!text.equals(other)) {
                sb.append(name).append(" differs:\n");
                List<String> a = List.of(text.split("\n", -1));
                List<String> b = List.of(other.split("\n", -1));
                a.stream().filter(l -> !b.contains(l)).forEach(l -> sb.append("  - ").append(l).append('\n'));
                b.stream().filter(l -> !a.contains(l)).forEach(l -> sb.append("  + ").append(l).append('\n'));
            }
        });
        return sb.toString();
    }

    /**
     * Every netfault-marked object in the snapshot (chains, comments, nft tables, ipsets, links, tc handles of the
     * reserved range), one line each; empty when netfault left nothing behind.
     */
    public List<String> netfaultObjects() {
        List<String> found = new ArrayList<>();
        parts().forEach((name, text) -> {
            Matcher m = MARKED.matcher(text);
            while (m.find()) {
                found.add(name + ": " + m.group());
            }
        });
        return found;
    }

    /** Every part by name, in a fixed order. */
    public Map<String, String> parts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("iptables-save", iptables);
        m.put("ip6tables-save", ip6tables);
        m.put("nft list ruleset", nftables);
        m.put("ipset list -n", ipsets);
        m.put("ip -j link show", links);
        m.put("tc -j qdisc show", qdiscs);
        m.put("tc -j filter show", filters);
        return m;
    }

    private static String saveOutput(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                sb.append(SAVE_COUNTERS.matcher(line).replaceAll("[-]")).append('\n');
            }
        }
        return sb.toString();
    }

    private static List<String> linkNames(String ipJson) {
        List<String> names = new ArrayList<>();
        Matcher m = IFNAME.matcher(ipJson);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The command's output, or its failure as text: a tool that is missing before is missing after. */
    private static String read(Netns ns, String... argv) throws InterruptedException {
        CommandResult r = ns.run(argv);
        return r.ok() ? r.stdout() : "(" + String.join(" ", argv) + " failed, exit " + r.exitCode() + ": " + r.stderr().strip() + ")";
    }
}
