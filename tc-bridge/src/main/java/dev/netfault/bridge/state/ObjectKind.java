package dev.netfault.bridge.state;

/** The kinds of kernel object netfault may own, as {@link StateReader} reports them. */
public enum ObjectKind {
    /** An iptables chain {@code NETFAULT-<id>}; {@code type} is its table. */
    IPTABLES_CHAIN,
    /** An ip6tables chain {@code NETFAULT-<id>}. */
    IP6TABLES_CHAIN,
    /** An iptables rule in someone else's chain that jumps to an owned chain or carries {@code netfault:<id>}. */
    IPTABLES_RULE,
    /** The same for ip6tables. */
    IP6TABLES_RULE,
    /** An nftables table {@code netfault_<id>}; {@code type} is its family. */
    NFT_TABLE,
    /** A qdisc with a handle in netfault's reserved range; {@code parent} is {@code root} or the parent class. */
    TC_QDISC,
    /** An ingress or clsact qdisc whose every filter redirects to an owned link. */
    TC_INGRESS,
    /** One filter (by preference) that redirects to an owned link, on an ingress/clsact qdisc that also has others'. */
    TC_FILTER,
    /** A link {@code nf<id><letter>}; {@code type} is its kind (ifb). */
    LINK,
    /** An ipset {@code nf<id>-<suffix>}; {@code type} is its set type. */
    IPSET;

    /** True for the tc objects, which {@code keepTc} spares in a sweep. */
    public boolean isTc() {
        return this == TC_QDISC || this == TC_INGRESS || this == TC_FILTER;
    }
}
