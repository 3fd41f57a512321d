package dev.netfault.bridge.testing;

import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.probe.CapabilityProbe;
import dev.netfault.bridge.state.FactsReader;
import java.time.Clock;

/**
 * A test namespace's {@link NamespaceFacts}, read the way the agent reads them: {@link FactsReader} for its links and
 * qdiscs, and this machine's capabilities found once per JVM by {@link CapabilityProbe} (in a scratch namespace named
 * with the suite's prefix, {@link NetnsPair#defaultPrefix()} + {@code p}).
 */
public final class Facts {

    private static Capabilities probed;

    private Facts() {
    }

    /** The namespace's links and qdiscs now, with this machine's capabilities. */
    public static NamespaceFacts read(Netns ns) throws InterruptedException {
        return read(ns, capabilities());
    }

    public static NamespaceFacts read(Netns ns, Capabilities capabilities) throws InterruptedException {
        return new FactsReader(ns.runner()).read(capabilities);
    }

    /** What this machine's kernel can do, probed on first use (Linux 6.18 here: no sch_netem, no sch_prio). */
    public static synchronized Capabilities capabilities() throws InterruptedException {
        if (probed == null) {
            probed = new CapabilityProbe(new ProcessCommandRunner(), NetnsPair.defaultPrefix() + "p",
                    Clock.systemUTC(), FaultId::random).probe();
            System.out.println("capabilities of this machine: " + probed);
        }
        return probed;
    }
}
