package dev.netfault.bridge.tc;

/**
 * A tc filter that matches packets by their {@code skb->mark}, set earlier by an nft rule: classic BPF (cls_bpf),
 * because cls_u32's mark key is compiled out of some kernels (6.18 here), where {@code u32 match mark} installs a
 * filter that matches every packet, and cls_fw / {@code basic meta(nf_mark)} are missing there. Proven on this 6.18
 * kernel and on Debian 12's 6.1.
 *
 * <p>{@code MarkClassifier.redirect("eth0", "nf1a2b3c4db")}
 */
public final class MarkClassifier {

    /** The mark netfault gives a packet to steer ("NF"), as nft prints it. */
    public static final String MARK = "0x00004e46";
    /**
     * {@code skb->mark == 0x4e46 ? -1 (match) : 0}: load the mark (ancillary offset -4096 + 20), compare with 20038,
     * return. In tc's {@code bytecode} syntax: the instruction count, then {@code code jt jf k} per instruction.
     */
    public static final String BYTECODE = "4,32 0 0 4294963220,21 0 1 20038,6 0 0 4294967295,6 0 0 0,";

    private MarkClassifier() {
    }

    /** The {@code tc -batch} line that redirects {@code dev}'s marked egress packets to {@code ifb}. */
    public static String redirect(String dev, String ifb) {
        return "filter add dev " + dev + " egress protocol all pref 1 bpf bytecode '" + BYTECODE
                + "' action mirred egress redirect dev " + ifb + "\n";
    }
}
