package dev.netfault.bridge.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code nft -j list ruleset}: the {@code netfault_<id>} tables with the counters of their rules. */
final class NftRuleset {

    private NftRuleset() {
    }

    static List<KernelObject> parse(String json) {
        Map<String, Counters> tables = new LinkedHashMap<>();
        Map<String, FaultId> owners = new LinkedHashMap<>();
        for (JsonNode item : Json.parse("nft -j list ruleset", json).path("nftables")) {
            JsonNode table = item.path("table");
            if (!table.isMissingNode()) {
                String key = Json.text(table, "family") + " " + Json.text(table, "name");
                Ownership.ofNftTable(Json.text(table, "name")).ifPresent(id -> {
                    tables.put(key, Counters.ZERO);
                    owners.put(key, id);
                });
            }
            JsonNode rule = item.path("rule");
            String key = Json.text(rule, "family") + " " + Json.text(rule, "table");
            if (rule.isMissingNode() || !tables.containsKey(key)) {
                continue;
            }
            long packets = 0;
            long bytes = 0;
            boolean drop = false;
            for (JsonNode e : rule.path("expr")) {
                packets += e.path("counter").path("packets").asLong(0);
                bytes += e.path("counter").path("bytes").asLong(0);
                drop |= e.has("drop");
            }
            tables.merge(key, new Counters(packets, bytes, drop ? packets : 0), Counters::plus);
        }
        List<KernelObject> out = new ArrayList<>();
        tables.forEach((key, counters) -> {
            String[] fn = key.split(" ", 2);
            out.add(new KernelObject(ObjectKind.NFT_TABLE, fn[1], fn[0], "", Optional.empty(),
                    Optional.of(owners.get(key)), counters));
        });
        return out;
    }
}
