package dev.netfault.bridge.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.state.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code filter} tables that iptables-nft creates on first use. An ingress blackhole's {@code iptables-restore}
 * creates {@code table ip filter} (and {@code ip6 filter}) with an empty INPUT chain when the namespace had none, and
 * deleting the fault's own chain leaves that table behind. This class removes such a table again — only when it was
 * absent from the namespace's {@linkplain #present() baseline} and is now empty: nothing but the base chains INPUT,
 * FORWARD and OUTPUT, no rules, no sets, every policy accept. An application's table is never touched.
 *
 * <p>{@code Set<String> baseline = tables.present(); ... tables.removeCreatedAndEmpty(baseline);}
 */
public final class FilterTables {

    static final List<String> FAMILIES = List.of("ip", "ip6");
    private static final Set<String> BASE_CHAINS = Set.of("INPUT", "FORWARD", "OUTPUT");

    private final CommandRunner runner;
    private final Duration timeout;

    public FilterTables(CommandRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    /** The filter tables present now, as {@code "ip filter"} / {@code "ip6 filter"}; empty without nft. */
    public Set<String> present() throws InterruptedException {
        Set<String> out = new TreeSet<>();
        CommandResult r = runner.run(Command.of("nft", "-j", "list", "tables"), timeout);
        if (!r.ok()) {
            return out;
        }
        for (JsonNode n : Json.parse("nft -j list tables", r.stdout()).path("nftables")) {
            JsonNode t = n.path("table");
            if (FAMILIES.contains(Json.text(t, "family")) && Json.text(t, "name").equals("filter")) {
                out.add(Json.text(t, "family") + " filter");
            }
        }
        return out;
    }

    /** Deletes each filter table that is not in {@code baseline} and is empty now; returns the tables deleted. */
    public List<String> removeCreatedAndEmpty(Set<String> baseline) throws InterruptedException {
        List<String> removed = new ArrayList<>();
        for (String table : present()) {
            if (baseline.contains(table)) {
                continue;
            }
            String family = table.substring(0, table.indexOf(' '));
            CommandResult r = runner.run(Command.of("nft", "-j", "list", "table", family, "filter"), timeout);
            if (!r.ok()) {
                continue;
            }
            List<String> chains = emptyBaseChains(Json.parse("nft -j list table", r.stdout()));
            if (chains == null) {
                continue;
            }
            StringBuilder script = new StringBuilder();
            chains.forEach(c -> script.append("delete chain ").append(family).append(" filter ").append(c).append('\n'));
            script.append("delete table ").append(family).append(" filter\n");
            // One transaction: a chain that gained a rule meanwhile makes it fail whole (EBUSY), deleting nothing.
            if (runner.run(Command.of("nft", "-f", "-").withStdin(script.toString()), timeout).ok()) {
                removed.add(table);
            }
        }
        return removed;
    }

    /** The chain names when the table holds only empty, accept-policy base chains; null otherwise. */
    static List<String> emptyBaseChains(JsonNode listing) {
        List<String> chains = new ArrayList<>();
        for (JsonNode n : listing.path("nftables")) {
            if (n.has("metainfo") || n.has("table")) {
                continue;
            }
            JsonNode c = n.path("chain");
            if (c.isMissingNode()) {
                return null; // a rule, set, map, counter... : the table is in use
            }
            String name = Json.text(c, "name");
            if (!BASE_CHAINS.contains(name) || !Json.text(c, "policy").equals("accept")) {
                return null;
            }
            chains.add(name);
        }
        return chains;
    }
}
