package dev.netfault.bridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.PlanExecutor;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Plan;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Feeds a plan to the real kernel of a scratch namespace: apply must succeed, every verify check must pass, revert
 * must succeed and leave iptables, ip6tables, nftables, ipsets, links and qdiscs exactly as before.
 */
public final class KernelRoundTrip {

    private KernelRoundTrip() {
    }

    public static void assumeRoot() throws InterruptedException {
        String uid = new ProcessCommandRunner().run(Command.of("id", "-u"), Duration.ofSeconds(5)).stdout().strip();
        Assumptions.assumeTrue(uid.equals("0"), "needs root to create network namespaces (uid " + uid + ")");
    }

    /** Everything a plan may touch, without the timestamps iptables-save prints. */
    public static String snapshot(ScratchNamespace ns) throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        for (String[] argv : new String[][] {{"iptables-save"}, {"ip6tables-save"}, {"nft", "list", "ruleset"},
                {"ipset", "list", "-n"}, {"ip", "-o", "link", "show"}, {"tc", "-j", "qdisc", "show"}}) {
            String out = ns.run(argv).stdout();
            sb.append(String.join(" ", argv)).append('\n').append(out.lines().filter(l -> !l.startsWith("#"))
                    .collect(Collectors.joining("\n"))).append('\n');
        }
        return sb.toString();
    }

    public static void applyVerifyRevert(ScratchNamespace ns, Plan plan) throws InterruptedException {
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
