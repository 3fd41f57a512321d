package dev.netfault.bridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.plan.Plan;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * Feeds a plan to the real kernel of a scratch namespace ({@link #namespace}): apply must succeed, every verify check
 * must pass, revert must succeed and leave iptables, ip6tables, nftables, ipsets, links and qdiscs exactly as before.
 */
public final class KernelRoundTrip {

    private KernelRoundTrip() {
    }

    /**
     * A fresh {@link Netns} with the links of {@link Fixtures#twoLinks}: a veth pair {@code eth0}/{@code eth1} inside
     * it, both up and with carrier, so that snapshots before and after a plan differ only by what the plan did.
     */
    public static Netns namespace(String prefix) throws InterruptedException {
        Netns ns = Netns.create(prefix);
        try {
            ns.exec("ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth1");
            ns.exec("ip", "link", "set", "eth0", "up");
            ns.exec("ip", "link", "set", "eth1", "up");
            awaitCarrier(ns);
        } catch (RuntimeException | InterruptedException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /**
     * Waits until the veth pair has carrier: a snapshot taken before would record NO-CARRIER / LOWERLAYERDOWN and
     * differ from one taken after for no fault of the plan under test.
     */
    private static void awaitCarrier(Netns ns) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String links = "";
        while (System.nanoTime() < deadline) {
            links = ns.exec("ip", "-o", "link", "show");
            if (!links.contains("NO-CARRIER") && !links.contains("LOWERLAYERDOWN")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("veth pair in " + ns.name() + " has no carrier after 5 s: " + links);
    }

    /** Everything a plan may touch, without the timestamps iptables-save prints. */
    public static String snapshot(Netns ns) throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        for (String[] argv : new String[][] {{"iptables-save"}, {"ip6tables-save"}, {"nft", "list", "ruleset"},
                {"ipset", "list", "-n"}, {"ip", "-o", "link", "show"}, {"tc", "-j", "qdisc", "show"}}) {
            String out = ns.run(argv).stdout();
            sb.append(String.join(" ", argv)).append('\n').append(out.lines().filter(l -> !l.startsWith("#"))
                    .collect(Collectors.joining("\n"))).append('\n');
        }
        return sb.toString();
    }

    public static void applyVerifyRevert(Netns ns, Plan plan) throws InterruptedException {
        PlanExecutor executor = new PlanExecutor(ns.runner(), Duration.ofSeconds(10));
        String before = snapshot(ns);
        executor.apply(plan);
        try {
            assertThat(executor.verify(plan)).as("failed checks of\n" + plan.render()).isEmpty();
        } finally {
            assertThat(executor.revert(plan)).as("revert failures").isEmpty();
        }
        assertThat(snapshot(ns)).isEqualTo(before);
    }
}
