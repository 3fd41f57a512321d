package dev.netfault.bridge.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.testing.Netns;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An ingress blackhole's iptables-restore creates the filter table; reverting must not leave it behind. */
@Tag("privileged")
class FilterTablesPrivilegedTest {

    private static final String CHAIN = "*filter\n:NETFAULT-1a2b3c4d - [0:0]\n-A NETFAULT-1a2b3c4d -p tcp --dport 9 -j DROP\n"
            + "-I INPUT 1 -j NETFAULT-1a2b3c4d\nCOMMIT\n";

    private static void applyAndRevertChain(Netns ns) throws InterruptedException {
        ns.exec(Command.of("iptables-restore", "-w", "5", "--noflush").withStdin(CHAIN));
        ns.exec("iptables", "-w", "5", "-D", "INPUT", "-j", "NETFAULT-1a2b3c4d");
        ns.exec("iptables", "-w", "5", "-F", "NETFAULT-1a2b3c4d");
        ns.exec("iptables", "-w", "5", "-X", "NETFAULT-1a2b3c4d");
    }

    @Test
    void removeCreatedAndEmpty_restoresANamespaceThatHadNoRules() throws InterruptedException {
        try (Netns ns = Netns.create("nfft")) {
            FilterTables tables = new FilterTables(ns.runner(), Duration.ofSeconds(5));
            String before = ns.exec("nft", "list", "ruleset");
            Set<String> baseline = tables.present();
            applyAndRevertChain(ns);
            assertThat(ns.exec("nft", "list", "ruleset")).isNotEqualTo(before); // what iptables-nft leaves

            assertThat(tables.removeCreatedAndEmpty(baseline)).containsExactly("ip filter");
            assertThat(ns.exec("nft", "list", "ruleset")).isEqualTo(before);
            assertThat(ns.exec("iptables-save")).doesNotContain("*filter");
        }
    }

    @Test
    void removeCreatedAndEmpty_keepsTheApplicationsTableAndRules() throws InterruptedException {
        try (Netns ns = Netns.create("nfft")) {
            FilterTables tables = new FilterTables(ns.runner(), Duration.ofSeconds(5));
            Set<String> baseline = tables.present();
            applyAndRevertChain(ns);
            ns.exec("iptables", "-w", "5", "-A", "OUTPUT", "-p", "udp", "--dport", "53", "-j", "ACCEPT"); // the app's
            String withAppRule = ns.exec("nft", "list", "ruleset");

            assertThat(tables.removeCreatedAndEmpty(baseline)).isEmpty();
            assertThat(ns.exec("nft", "list", "ruleset")).isEqualTo(withAppRule);
        }
    }
}
