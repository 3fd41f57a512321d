package dev.netfault.bridge.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Ownership;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tries nftables (a netdev table with an egress-hook chain and a {@code meta time <} rule), iptables and ip6tables
 * (a chain with time and comment matches, read back with {@code -S}) and ipset, and reads back each.
 */
final class NetfilterProbe {

    private static final DateTimeFormatter NFT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter XT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final List<Feature> MATCHES = List.of(Feature.MATCH_TIME, Feature.MATCH_COMMENT);
    /** How {@code iptables -S} prints each of {@link #MATCHES}. */
    private static final List<String> SAVED = List.of("-m time --datestop", "-m comment --comment");

    private final ProbeSpace space;
    private final Attempt run;
    private final FaultId probeId;
    private final Instant deadline;
    private final ProbeFindings findings;

    NetfilterProbe(ProbeSpace space, FaultId probeId, Instant deadline, ProbeFindings findings) {
        this.space = space;
        this.run = space.attempt();
        this.probeId = probeId;
        this.deadline = deadline;
        this.findings = findings;
    }

    void nftables(Optional<String> link) throws InterruptedException {
        String table = Ownership.nftTable(probeId);
        if (link.isPresent()) {
            String script = "table netdev " + table + " {\n  chain e {\n    type filter hook egress device \""
                    + link.get() + "\" priority 0; policy accept;\n    meta time < \"" + NFT_TIME.format(deadline)
                    + "\" counter\n  }\n}\n";
            Command load = Command.of("nft", "-f", "-").withStdin(script).withEnv("TZ", "UTC");
            CommandResult r = run.run(load);
            if (r.ok()) {
                space.undo(Command.of("nft", "delete", "table", "netdev", table));
                readBackNft(table);
                return;
            }
            findings.no(Feature.NFT_EGRESS_HOOK, Attempt.why(load, r));
        } else {
            findings.no(Feature.NFT_EGRESS_HOOK, space.linkProblem());
        }
        Command add = Command.of("nft", "add", "table", "netdev", table);
        CommandResult r = run.run(add);
        if (!r.ok()) {
            findings.no(Feature.NFTABLES, Attempt.why(add, r));
            return;
        }
        space.undo(Command.of("nft", "delete", "table", "netdev", table));
        readBackNft(table);
    }

    private void readBackNft(String table) throws InterruptedException {
        Command list = Command.of("nft", "-j", "list", "table", "netdev", table);
        CommandResult r = run.run(list);
        if (!r.ok()) {
            findings.no(Feature.NFTABLES, "nft created the table but cannot list it: " + Attempt.why(list, r));
            return;
        }
        boolean tableSeen = false;
        boolean egressChain = false;
        boolean timeRule = false;
        for (JsonNode item : Json.parse(list.line(), r.stdout()).path("nftables")) {
            tableSeen |= Json.text(item.path("table"), "name").equals(table);
            egressChain |= Json.text(item.path("chain"), "hook").equals("egress");
            for (JsonNode e : item.path("rule").path("expr")) {
                timeRule |= Json.text(Json.at(e, "match", "left", "meta"), "key").equals("time");
            }
        }
        if (tableSeen) {
            findings.yes(Feature.NFTABLES);
        } else {
            findings.no(Feature.NFTABLES, "nft accepted the table but does not list it");
        }
        if (egressChain && timeRule) {
            findings.yes(Feature.NFT_EGRESS_HOOK);
        } else {
            findings.no(Feature.NFT_EGRESS_HOOK, "nft accepted the egress chain but lists "
                    + (egressChain ? "no 'meta time' rule in it" : "no egress-hook chain"));
        }
    }

    /** One family: {@code tool} is {@code iptables} or {@code ip6tables}; the verdict for the tool itself goes to {@code feature}. */
    void xtables(String tool, Feature feature) throws InterruptedException {
        String chain = Ownership.chain(probeId);
        List<List<String>> rules = List.of(
                List.of("-m", "time", "--datestop", XT_TIME.format(deadline), "--utc", "-j", "DROP"),
                List.of("-m", "comment", "--comment", Ownership.comment(probeId), "-j", "DROP"));
        StringBuilder script = new StringBuilder("*filter\n:" + chain + " - [0:0]\n");
        rules.forEach(r -> script.append("-A ").append(chain).append(' ').append(String.join(" ", r)).append('\n'));
        script.append("COMMIT\n");
        keepNftFilterTableAsFound(tool);
        Command restore = Command.of(tool + "-restore", "-w", "5", "--noflush").withStdin(script.toString());
        CommandResult r = run.run(restore);
        String prefix = tool.equals("iptables") ? "" : tool + ": ";
        if (!r.ok()) {
            Command create = Command.of(tool, "-w", "5", "-N", chain);
            CommandResult c = run.run(create);
            if (!c.ok()) {
                String why = Attempt.why(create, c);
                findings.no(feature, why);
                if (prefix.isEmpty()) {
                    MATCHES.forEach(m -> findings.no(m, why));
                }
                return;
            }
            for (int i = 0; i < rules.size(); i++) {
                List<String> argv = new ArrayList<>(List.of(tool, "-w", "5", "-A", chain));
                argv.addAll(rules.get(i));
                Command append = Command.of(argv);
                CommandResult a = run.run(append);
                if (!a.ok()) {
                    findings.no(MATCHES.get(i), prefix + Attempt.why(append, a));
                }
            }
        }
        space.undo(Command.of(tool, "-w", "5", "-X", chain));
        space.undo(Command.of(tool, "-w", "5", "-F", chain));
        readBackXt(tool, feature, chain, prefix);
    }

    /**
     * iptables-nft creates the nftables table {@code ip filter} / {@code ip6 filter} on first use and leaves it behind,
     * empty, when the probe's chain is deleted. In the target namespace, remove it again if the probe created it and
     * it is still empty, so the probe leaves {@code nft list ruleset} as it found it.
     */
    private void keepNftFilterTableAsFound(String tool) throws InterruptedException {
        if (space.isScratchNamespace()) {
            return;
        }
        String family = tool.equals("iptables") ? "ip" : "ip6";
        if (run.run(Command.of("nft", "list", "table", family, "filter")).exitCode() != 1) {
            return;
        }
        space.undo(a -> {
            Command list = Command.of("nft", "-j", "list", "table", family, "filter");
            CommandResult r = a.run(list);
            if (!r.ok()) {
                return;
            }
            for (JsonNode item : Json.parse(list.line(), r.stdout()).path("nftables")) {
                if (item.has("chain") || item.has("rule") || item.has("set")) {
                    return;
                }
            }
            a.run(Command.of("nft", "delete", "table", family, "filter"));
        });
    }

    private void readBackXt(String tool, Feature feature, String chain, String prefix) throws InterruptedException {
        Command list = Command.of(tool, "-w", "5", "-S", chain);
        CommandResult r = run.run(list);
        if (!r.ok()) {
            findings.no(feature, Attempt.why(list, r));
            return;
        }
        if (!r.stdout().contains("-N " + chain)) {
            findings.no(feature, tool + " created chain " + chain + " but does not list it");
            return;
        }
        findings.yes(feature);
        for (int i = 0; i < MATCHES.size(); i++) {
            if (r.stdout().contains("-A " + chain + " " + SAVED.get(i))) {
                findings.yes(MATCHES.get(i));
            } else {
                findings.no(MATCHES.get(i), prefix + tool + " accepted the rule but lists no '" + SAVED.get(i) + "'");
            }
        }
    }

    void ipset() throws InterruptedException {
        String set = Ownership.ipset(probeId, "probe");
        Command create = Command.of("ipset", "create", set, "hash:net");
        CommandResult r = run.run(create);
        if (!r.ok()) {
            findings.no(Feature.IPSET, Attempt.why(create, r));
            return;
        }
        space.undo(Command.of("ipset", "destroy", set));
        Command list = Command.of("ipset", "list", "-t", set);
        CommandResult l = run.run(list);
        if (l.ok() && l.stdout().contains("Type: hash:net")) {
            findings.yes(Feature.IPSET);
        } else {
            findings.no(Feature.IPSET, "ipset created " + set + " but lists " + (l.ok() ? "another type"
                    : Attempt.why(list, l)));
        }
    }
}
