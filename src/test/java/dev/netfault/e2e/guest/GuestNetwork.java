package dev.netfault.e2e.guest;

import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import java.time.Duration;

/**
 * The guest lane's namespaces, made with the one pair builder: the client (side A, 198.51.100.1 / 2001:db8::1) where
 * the agent and the fault live, and the server (side B, 198.51.100.2 / 2001:db8::2) with more addresses for the
 * targeting tests: {@link #OTHER_V4}, {@link #EXEMPT_V4} and {@link #OTHER_V6}.
 */
final class GuestNetwork {
    static final String SERVER_V4 = NetnsPair.B_IPV4;
    static final String OTHER_V4 = "198.51.100.3";
    static final String EXEMPT_V4 = "198.51.100.4";
    static final String SERVER_V6 = NetnsPair.B_IPV6;
    static final String OTHER_V6 = "2001:db8::3";
    /** Deadline of a command that starts a JVM or sends thousands of echoes on the guest's emulated CPU. */
    static final Duration SLOW_COMMAND = Duration.ofSeconds(120);

    private GuestNetwork() {
    }

    /** A fresh pair named {@code nfgu...}; close it to delete both namespaces. */
    static NetnsPair create() throws InterruptedException {
        return NetnsPair.builder().prefix("nfgu").extraAddressOnB(OTHER_V4 + "/24").extraAddressOnB(EXEMPT_V4 + "/24")
                .extraAddressOnB(OTHER_V6 + "/64").create();
    }

    /** The namespace's qdiscs as {@code tc -j} prints them, for before/after comparisons. */
    static String qdiscs(Netns ns) throws InterruptedException {
        return ns.exec("tc", "-j", "qdisc", "show");
    }
}
