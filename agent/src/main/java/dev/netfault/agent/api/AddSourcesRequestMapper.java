package dev.netfault.agent.api;

import dev.netfault.agent.api.RequestBody.GoType;
import dev.netfault.bridge.target.Cidr;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /fault/v1/{network-latency|network-packet-loss}/add-sources} body → the addresses to add, validated as
 * the ECS agent does, in its order: not both lists empty; at most {@value #MAX_ENTRIES} entries together; every entry
 * an address or CIDR; no entry (as written) in both lists.
 */
public final class AddSourcesRequestMapper {

    static final String STRUCT = "NetworkFaultAddSourcesRequest";
    static final int MAX_ENTRIES = 16;
    static final Map<String, GoType> SCHEMA = Map.of("Sources", GoType.STRINGS, "SourcesToFilter", GoType.STRINGS);

    /** The validated request: sources to impair and exemptions, in request order. */
    public record AddSources(List<Cidr> sources, List<Cidr> exemptions) {
        public AddSources {
            sources = List.copyOf(sources);
            exemptions = List.copyOf(exemptions);
        }
    }

    public AddSources map(byte[] json) {
        RequestBody body = RequestBody.parse(json, STRUCT, SCHEMA);
        List<String> sources = body.strings("Sources");
        List<String> exempt = body.strings("SourcesToFilter");
        if (sources.isEmpty() && exempt.isEmpty()) {
            throw new IllegalArgumentException("at least one of Sources or SourcesToFilter must be non-empty");
        }
        int total = sources.size() + exempt.size();
        if (total > MAX_ENTRIES) {
            throw new IllegalArgumentException("Sources and SourcesToFilter together have " + total
                    + " entries, maximum allowed is " + MAX_ENTRIES);
        }
        List<Cidr> s = Fields.cidrs(sources, "Sources");
        List<Cidr> x = Fields.cidrs(exempt, "SourcesToFilter");
        Set<String> filtered = new HashSet<>(exempt);
        for (String ip : sources) {
            if (filtered.contains(ip)) {
                throw new IllegalArgumentException(ip + " is present in both Sources and SourcesToFilter");
            }
        }
        return new AddSources(s, x);
    }
}
