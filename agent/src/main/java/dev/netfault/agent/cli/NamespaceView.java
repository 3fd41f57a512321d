package dev.netfault.agent.cli;

import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.kernel.CapabilityProbe;
import dev.netfault.bridge.kernel.FactsReader;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.RootQdisc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The facts {@code plan} works from: probed from the target namespace, or an assumed default one (one interface
 * {@code eth0} with the kernel-default root qdisc and every capability) when probing is not possible or not wanted.
 */
record NamespaceView(NamespaceFacts facts, String comment) {

    /** The assumed namespace: {@code lo}, and {@code eth0} with the kernel-default root qdisc; every capability. */
    static NamespaceFacts assumedDefault() {
        return new NamespaceFacts(List.of(Link.of("lo", RootQdisc.kernelDefault("noqueue")),
                Link.of("eth0", RootQdisc.kernelDefault("pfifo_fast"))), Capabilities.full());
    }

    static NamespaceView assumed(String why) {
        return new NamespaceView(assumedDefault(), "# assuming a default namespace (one interface eth0 with the"
                + " kernel-default root qdisc, every capability): " + why);
    }

    /** Probes {@code netns} (empty: this namespace), or assumes the default when that is impossible. */
    static NamespaceView probe(Optional<Path> netns, boolean assumeDefault, boolean privileged) throws InterruptedException {
        if (assumeDefault) {
            return assumed("--assume-default");
        }
        if (!privileged) {
            return assumed("not running as root (no CAP_NET_ADMIN), so this namespace cannot be probed");
        }
        CommandRunner runner = new NetnsRunner(new ProcessCommandRunner(), netns);
        try {
            Capabilities caps = new CapabilityProbe(runner).probe();
            NamespaceFacts facts = new FactsReader(runner).read(caps);
            return new NamespaceView(facts, "# probed " + netns.map(Path::toString).orElse("this namespace") + ": "
                    + describe(facts));
        } catch (RuntimeException e) {
            return assumed("probing failed: " + e.getMessage());
        }
    }

    /** {@code interfaces eth0 (root fq_codel 0:); missing: sch_netem, sch_prio}. */
    static String describe(NamespaceFacts facts) {
        List<String> links = new ArrayList<>();
        facts.links().stream().filter(l -> !l.loopback())
                .forEach(l -> links.add(l.name().value() + " (root " + l.root() + ")"));
        List<String> missing = missing(facts.capabilities());
        return "interfaces " + (links.isEmpty() ? "none" : String.join(", ", links))
                + (missing.isEmpty() ? "; every capability" : "; missing: " + String.join(", ", missing));
    }

    static List<String> missing(Capabilities c) {
        List<String> m = new ArrayList<>();
        for (Feature f : Feature.values()) {
            if (!c.has(f)) {
                m.add(f.key());
            }
        }
        return m;
    }
}
