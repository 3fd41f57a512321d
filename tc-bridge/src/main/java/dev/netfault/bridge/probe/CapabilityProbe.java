package dev.netfault.bridge.probe;

import dev.netfault.bridge.exec.Attempt;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Ownership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what the kernel and tools of a namespace can do by trying each feature and reading back what the kernel
 * installed (exit code 0 alone proves nothing: a kernel may accept a u32 match and install it without its key).
 *
 * <p>It works in a scratch namespace it creates and always deletes ({@code ip netns add <prefix><hex>}); where that is
 * not allowed (a sidecar with only NET_ADMIN) it works in the target namespace on a scratch ifb link named
 * {@code nf<probeId>p}, with every object netfault-named so a crash leaves nothing a sweep would not remove.
 * Without root every feature is reported missing with the reason {@value Attempt#NEEDS_ROOT}.
 *
 * <p>{@code Capabilities caps = new CapabilityProbe(new NetnsRunner(new ProcessCommandRunner(), netns)).probe();}
 */
public final class CapabilityProbe {

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityProbe.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String DEFAULT_SCRATCH_PREFIX = "nfprobe";

    private final Attempt run;
    private final String scratchPrefix;
    private final Clock clock;
    private final Supplier<FaultId> ids;

    public CapabilityProbe(CommandRunner runner) {
        this(runner, DEFAULT_SCRATCH_PREFIX, Clock.systemUTC(), FaultId::random);
    }

    /**
     * @param scratchPrefix the scratch namespace is named {@code scratchPrefix + probeId} (at most 7 characters, so
     *                      the name fits 15)
     * @param ids           the probe's own id, which names its objects
     */
    public CapabilityProbe(CommandRunner runner, String scratchPrefix, Clock clock, Supplier<FaultId> ids) {
        this.run = new Attempt(runner, TIMEOUT);
        if (scratchPrefix == null || !scratchPrefix.matches("[a-z][a-z0-9]{0,6}")) {
            throw new IllegalArgumentException("scratchPrefix: '" + scratchPrefix
                    + "' (expected: 1-7 of a-z0-9, starting with a letter)");
        }
        this.scratchPrefix = scratchPrefix;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** Probes every feature; never throws for a missing feature (that is a verdict with a reason). */
    public Capabilities probe() throws InterruptedException {
        long start = System.nanoTime();
        FaultId id = ids.get();
        Instant deadline = clock.instant().plus(Duration.ofHours(1));
        ProbeFindings findings = new ProbeFindings();
        backend(findings);
        ProbeSpace space = ProbeSpace.open(run, scratchPrefix + id.value());
        try {
            space.link(Ownership.link(id, 'p'), findings);
            if (space.link().isPresent()) {
                new TcProbe(space.attempt(), space.link().get(), findings).run();
            } else {
                for (Feature f : new Feature[] {Feature.NETEM, Feature.PRIO, Feature.HTB, Feature.TBF,
                        Feature.CLSACT, Feature.U32, Feature.MIRRED, Feature.CLS_BPF}) {
                    findings.no(f, space.linkProblem());
                }
            }
            NetfilterProbe nf = new NetfilterProbe(space, id, deadline, findings);
            nf.nftables(space.link());
            nf.xtables("iptables", Feature.IPTABLES);
            nf.xtables("ip6tables", Feature.IP6TABLES);
            nf.ipset();
            new EmIpsetProbe(space, id, findings).run();
        } finally {
            space.release();
        }
        Capabilities caps = findings.toCapabilities();
        LOG.info("capability probe took {} ms: {}", (System.nanoTime() - start) / 1_000_000, caps);
        return caps;
    }

    /** {@code iptables v1.8.9 (nf_tables)} / {@code (legacy)}; versions before 1.8 print no backend and are legacy. */
    private void backend(ProbeFindings findings) throws InterruptedException {
        Command version = Command.of("iptables", "-V");
        CommandResult r = run.run(version);
        if (!r.ok()) {
            findings.no(Feature.IPTABLES, Attempt.why(version, r));
            return;
        }
        findings.backend(backendOf(r.stdout() + r.stderr()));
    }

    static String backendOf(String versionLine) {
        if (versionLine.contains("(nf_tables)")) {
            return "nf_tables";
        }
        if (versionLine.contains("(legacy)") || versionLine.matches("(?s)\\s*iptables v[0-9.]+\\s*")) {
            return "legacy";
        }
        return "unknown";
    }
}
