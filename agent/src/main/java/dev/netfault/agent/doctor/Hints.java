package dev.netfault.agent.doctor;

/** How to get each missing feature: the fix hints doctor prints. */
final class Hints {

    static final String NETEM = "modprobe sch_netem; on Debian/Ubuntu the module is in the stock kernel package"
            + " (linux-image-*, on Ubuntu also linux-modules-extra-$(uname -r)); some cloud/minimal kernels lack it"
            + " - use a kernel with it";
    static final String PRIO = "modprobe sch_prio (shipped beside sch_netem in the stock kernel package);"
            + " netfault falls back to htb where prio is missing";
    static final String HTB = "modprobe sch_htb";
    static final String TBF = "modprobe sch_tbf (stock kernel package); a bandwidth limit needs it";
    static final String CLS_BPF = "modprobe cls_bpf (stock kernel package); an egress bandwidth limit needs it";
    static final String IFB = "modprobe ifb (stock kernel package)";
    static final String CLSACT = "modprobe sch_ingress act_mirred (stock kernel package)";
    static final String U32 = "modprobe cls_u32";
    static final String NFT = "apt-get install nftables";
    static final String NFT_EGRESS = "needs Linux 5.16+ with CONFIG_NETFILTER_EGRESS; without it an egress blackhole falls"
            + " back to tc (clsact + ifb) and random loss needs sch_netem";
    static final String IPTABLES = "apt-get install iptables";
    static final String MATCH = "modprobe %s (the xtables match modules of the stock kernel package)";
    static final String IPSET = "apt-get install ipset; modprobe ip_set_hash_net";
    static final String TC = "apt-get install iproute2";
    static final String ROOT = "run as root, or grant CAP_NET_ADMIN (docker run --cap-add NET_ADMIN;"
            + " ECS: linuxParameters.capabilities.add [\"NET_ADMIN\"]; Fargate allows none: use platform mode)";

    private Hints() {
    }
}
