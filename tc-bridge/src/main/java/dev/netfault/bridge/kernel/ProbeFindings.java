package dev.netfault.bridge.kernel;

import dev.netfault.bridge.plan.Capabilities;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What the probe found so far: one verdict per feature key, and the kernel's words for each missing one. */
final class ProbeFindings {

    static final String NETEM = "sch_netem";
    static final String PRIO = "sch_prio";
    static final String HTB = "htb";
    static final String IFB = "ifb";
    static final String CLSACT = "clsact";
    static final String MIRRED = "mirred";
    static final String U32 = "u32";
    static final String U32_MARK = "u32_mark";
    static final String NFTABLES = "nftables";
    static final String NFT_EGRESS = "nft_egress_hook";
    static final String IPTABLES = "iptables";
    static final String IP6TABLES = "ip6tables";
    static final String TIME = "xt_time";
    static final String STATISTIC = "xt_statistic";
    static final String COMMENT = "xt_comment";
    static final String IPSET = "ipset";

    private final Map<String, Boolean> verdicts = new LinkedHashMap<>();
    private final Map<String, String> reasons = new TreeMap<>();
    private String iptablesBackend = "none";

    synchronized void yes(String feature) {
        verdicts.putIfAbsent(feature, true);
    }

    /** A feature is missing; the first reason given wins, and a later {@link #yes} cannot undo it. */
    synchronized void no(String feature, String reason) {
        verdicts.put(feature, false);
        reasons.putIfAbsent(feature, reason);
    }

    synchronized void backend(String backend) {
        iptablesBackend = backend;
    }

    synchronized boolean has(String feature) {
        return verdicts.getOrDefault(feature, false);
    }

    synchronized Capabilities toCapabilities() {
        for (String f : new String[] {NETEM, PRIO, HTB, IFB, CLSACT, MIRRED, U32, NFTABLES, NFT_EGRESS, IPTABLES,
                IP6TABLES, TIME, STATISTIC, COMMENT, IPSET}) {
            if (!verdicts.containsKey(f)) {
                no(f, "not probed");
            }
        }
        return new Capabilities(has(NETEM), has(PRIO), has(HTB), has(IFB), has(CLSACT), has(MIRRED), has(U32),
                has(NFTABLES), has(NFT_EGRESS), has(IPTABLES), has(IP6TABLES), iptablesBackend, has(TIME),
                has(STATISTIC), has(COMMENT), has(IPSET), reasons);
    }
}
