package dev.netfault.bridge.probe;

import dev.netfault.bridge.exec.Attempt;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Ownership;

/**
 * Whether a tc {@code basic} filter can match an ipset ({@code cls_basic} + {@code em_ipset}), the gate of an ingress
 * fault's lease: on the probe's scratch link (which holds the clsact or ingress qdisc {@link TcProbe} left), a
 * {@code basic match 'ipset(nf<id>-gate src)'} filter, read back. A basic filter whose ematch the kernel dropped would
 * match every packet, so only a filter listed with its {@code ipset(...)} match counts.
 */
final class EmIpsetProbe {

    static final String PREF = "7";

    private final ProbeSpace space;
    private final FaultId probeId;
    private final ProbeFindings findings;

    EmIpsetProbe(ProbeSpace space, FaultId probeId, ProbeFindings findings) {
        this.space = space;
        this.probeId = probeId;
        this.findings = findings;
    }

    void run() throws InterruptedException {
        if (!findings.has(Feature.IPSET)) {
            findings.no(Feature.EM_IPSET, "needs ipset: " + findings.reason(Feature.IPSET));
            return;
        }
        if (space.link().isEmpty()) {
            findings.no(Feature.EM_IPSET, space.linkProblem());
            return;
        }
        Attempt run = space.attempt();
        String link = space.link().get();
        String set = Ownership.ipset(probeId, "gate");
        Command create = Command.of("ipset", "create", set, "hash:net", "family", "inet", "timeout", "60");
        CommandResult c = run.run(create);
        if (!c.ok()) {
            findings.no(Feature.EM_IPSET, "an ipset with timeouts: " + Attempt.why(create, c));
            return;
        }
        space.undo(Command.of("ipset", "destroy", set));
        Command filter = Command.of("tc", "filter", "add", "dev", link, "ingress", "pref", PREF, "protocol", "all",
                "basic", "match", "ipset(" + set + " src)", "classid", "1:1");
        CommandResult f = run.run(filter);
        if (!f.ok()) {
            findings.no(Feature.EM_IPSET, Attempt.why(filter, f));
            return;
        }
        // popped before the set's destroy: a set is in use while a filter matches it
        space.undo(Command.of("tc", "filter", "del", "dev", link, "ingress", "pref", PREF));
        Command show = Command.of("tc", "filter", "show", "dev", link, "ingress");
        CommandResult s = run.run(show);
        if (s.ok() && s.stdout().contains("ipset(" + set + " src)")) {
            findings.yes(Feature.EM_IPSET);
        } else {
            findings.no(Feature.EM_IPSET, "tc accepted 'basic match ipset(" + set + " src)' but the kernel lists the "
                    + "filter without its ipset match: it would match every packet");
        }
    }
}
