package dev.netfault.bridge.plan;

/**
 * A kernel or tool feature the planners rely on, each known to operators by the name {@link #key()} (the module,
 * qdisc or tool that provides it), the name {@code netfault doctor} and the probe's reasons use.
 */
public enum Feature {
    NETEM("sch_netem"),
    PRIO("sch_prio"),
    HTB("htb"),
    /** sch_tbf: the token bucket a bandwidth limit shapes with. */
    TBF("sch_tbf"),
    IFB("ifb"),
    CLSACT("clsact"),
    MIRRED("mirred"),
    U32("u32"),
    /** cls_bpf loading classic bytecode: matches the mark an nft rule set (cls_u32's mark key may be compiled out). */
    CLS_BPF("cls_bpf"),
    NFTABLES("nftables"),
    NFT_EGRESS_HOOK("nft_egress_hook"),
    IPTABLES("iptables"),
    IP6TABLES("ip6tables"),
    MATCH_TIME("xt_time"),
    MATCH_COMMENT("xt_comment"),
    IPSET("ipset"),
    /** cls_basic with the em_ipset ematch: the kernel-held lease of an ingress redirect to an ifb. */
    EM_IPSET("em_ipset");

    private final String key;

    Feature(String key) {
        this.key = key;
    }

    /** The operator-facing name: {@code sch_netem}, {@code nft_egress_hook}, {@code xt_time} ... */
    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return key;
    }
}
