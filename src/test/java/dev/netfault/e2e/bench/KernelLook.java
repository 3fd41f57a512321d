package dev.netfault.e2e.bench;

import dev.netfault.bridge.testing.KernelSnapshot;
import dev.netfault.bridge.testing.Netns;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads netfault's objects back from outside the agent, with the same tools an operator would use: {@code nft list
 * tables} and {@code iptables-save} for a quick presence check, a full {@link KernelSnapshot} for the fault ids held.
 */
final class KernelLook {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}");

    private KernelLook() {
    }

    /** True when an nftables table {@code netfault_*} exists in the namespace. */
    static boolean nftFault(Netns ns) throws InterruptedException {
        return ns.exec("nft", "list", "tables").contains("netfault_");
    }

    /** True when iptables' filter table holds a {@code NETFAULT-*} chain. */
    static boolean iptablesFault(Netns ns) throws InterruptedException {
        return ns.exec("iptables-save", "-t", "filter").contains("NETFAULT-");
    }

    static boolean anyFault(Netns ns) throws InterruptedException {
        return nftFault(ns) || iptablesFault(ns);
    }

    /**
     * The fault ids whose objects are in the kernel (from each marked object's name), plus {@code "tc"} for reserved tc
     * handles that carry no id.
     */
    static Set<String> faultIds(KernelSnapshot s) {
        Set<String> ids = new TreeSet<>();
        for (String object : s.netfaultObjects()) {
            String name = object.substring(object.indexOf(": ") + 2);
            Matcher m = ID.matcher(name.replaceFirst("^(NETFAULT-|netfault:|netfault_|nf)", ""));
            if (name.contains("\"handle\"")) {
                ids.add("tc");
            } else if (m.lookingAt()) {
                ids.add(m.group());
            } else {
                ids.add(name);
            }
        }
        return ids;
    }
}
