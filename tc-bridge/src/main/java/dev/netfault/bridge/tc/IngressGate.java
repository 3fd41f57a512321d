package dev.netfault.bridge.tc;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.plan.Step;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The kernel-held lease of an ingress netem fault. tc ingress runs before netfilter, so no nft rule can steer ingress
 * traffic into the ifb; instead the redirect filter itself is gated: {@code basic match 'ipset(nf<id>-l4 src) or
 * ipset(nf<id>-l6 src)'} (cls_basic + em_ipset) matches only while the elements of two {@code hash:net} ipsets have not
 * timed out. Each set holds two halves of its family's address space ({@code 0.0.0.0/1 128.0.0.0/1},
 * {@code ::/1 8000::/1}; {@code hash:net} holds no /0), every element with a timeout of the lease rounded up to whole
 * seconds. A live agent re-adds them with {@code ipset restore -exist}, which restarts their timeouts; once they lapse
 * the filter matches nothing and ingress traffic passes the ifb by, unimpaired, with no process involved. Which packets
 * are impaired is still the ifb tree's business (its Sources and exemptions).
 *
 * <p>{@code new IngressGate(id, Duration.ofSeconds(15)).filter("eth0", ifb)}
 */
public record IngressGate(FaultId id, Duration lease) {

    public IngressGate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lease, "lease");
    }

    public String set4() {
        return Ownership.ipset(id, "l4");
    }

    public String set6() {
        return Ownership.ipset(id, "l6");
    }

    /** The element timeout: the lease in whole seconds, rounded up (ipset counts seconds). */
    public long timeoutSeconds() {
        return Math.max(1, (lease.toMillis() + 999) / 1000);
    }

    /** Both sets with their elements, in one {@code ipset restore}; undone by destroying them (after the filter). */
    public Step create() {
        String t = " timeout " + timeoutSeconds();
        String script = "create " + set4() + " hash:net family inet" + t + "\n"
                + "create " + set6() + " hash:net family inet6" + t + "\n" + elements();
        return new Step(Command.of("ipset", "restore").withStdin(script),
                List.of(Command.of("ipset", "destroy", set4()), Command.of("ipset", "destroy", set6())));
    }

    /** The {@code tc -batch} line of the gated redirect of {@code dev}'s ingress to {@code ifb}. */
    public String filter(String dev, String ifb) {
        return "filter add dev " + dev + " parent ffff: protocol all prio 1 basic match 'ipset(" + set4()
                + " src) or ipset(" + set6() + " src)' action mirred egress redirect dev " + ifb + "\n";
    }

    private String elements() {
        String t = " timeout " + timeoutSeconds() + "\n";
        return "add " + set4() + " 0.0.0.0/1" + t + "add " + set4() + " 128.0.0.0/1" + t
                + "add " + set6() + " ::/1" + t + "add " + set6() + " 8000::/1" + t;
    }

    /** Renewed by re-adding every element ({@code -exist} restarts an existing element's timeout). */
    public Lease held() {
        return Lease.held(List.of(Command.of("ipset", "restore", "-exist").withStdin(elements())),
                List.of(new Check("lease of " + set4() + " has not lapsed", Command.of("ipset", "list", set4()),
                                List.of("0.0.0.0/1 timeout")),
                        new Check("lease of " + set6() + " has not lapsed", Command.of("ipset", "list", set6()),
                                List.of("8000::/1 timeout"))));
    }

    /** Why an ingress fault has no lease on a kernel without the gate, and how to get one. */
    public static String unleasedReason(String kind, String why) {
        return "ingress " + kind + " through an ifb is leased by gating its redirect with an ipset whose elements time "
                + "out (tc cls_basic with the em_ipset ematch), which this kernel lacks (" + why + "); load them "
                + "(modprobe cls_basic em_ipset ip_set_hash_net; Debian 12's and AL2023's kernels ship them as modules), "
                + "or start the agent with --allow-unleased";
    }
}
