package dev.netfault.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.Netns;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during an ingress blackhole, restart on the same state directory, {@code DELETE /faults}: the namespace's
 * netfilter state is byte-identical to before the fault. (An ingress blackhole through iptables-nft used to leave empty
 * {@code table ip filter} and {@code table ip6 filter} behind: the restarted agent counted them as the application's.)
 */
@Tag("privileged")
class IngressBlackholeCrashTest {

    @TempDir
    Path tmp;

    /** {@code nft list ruleset}, and iptables-save / ip6tables-save without their "# Generated ... on DATE" lines. */
    static String netfilter(Netns ns) throws InterruptedException {
        return "nft:\n" + ns.exec("nft", "list", "ruleset") + "\niptables-save:\n" + uncommented(ns.exec("iptables-save"))
                + "\nip6tables-save:\n" + uncommented(ns.exec("ip6tables-save"));
    }

    private static String uncommented(String save) {
        return Arrays.stream(save.split("\n")).filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"));
    }

    @Test
    void kill9_duringIngressBlackhole_restartThenDeleteFaultsLeavesNetfilterByteIdentical() throws Exception {
        try (AgentFixture f = new AgentFixture(tmp)) {
            String before = netfilter(f.a());
            AgentClient.Response started = f.client.post("/fault/v1/network-blackhole-port/start",
                    "{\"Port\":" + AgentFixture.BLOCKED + ",\"Protocol\":\"tcp\",\"TrafficType\":\"ingress\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(200);
            String during = netfilter(f.a());
            assertThat(during).isNotEqualTo(before).contains("netfault_");

            f.agent.kill9();
            f.startAgent();
            AgentClient.Response deleted = f.client.delete("/faults");
            assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);

            String after = netfilter(f.a());
            System.out.printf("e2e ingress blackhole, kill -9, restart, DELETE /faults: nft ruleset and "
                    + "iptables-save byte-identical %b (before: %d bytes, during: %d bytes); DELETE answered %s%n",
                    after.equals(before), before.length(), during.length(), deleted.body().strip());
            assertThat(after).isEqualTo(before);
            assertThat(AgentLifecycleTest.journal(f)).isEmpty();
        }
    }
}
