package dev.netfault.agent.cli;

import dev.netfault.agent.doctor.Doctor;
import dev.netfault.agent.doctor.DoctorReport;
import dev.netfault.agent.platform.CapEff;
import dev.netfault.agent.platform.ModeDecision;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.nftlib.NftLoader;
import dev.netfault.bridge.probe.CapabilityProbe;
import dev.netfault.bridge.state.FactsReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netfault doctor}: preflight checks with fix hints, then which fault kinds work here; exit 1 if any cannot. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check what netfault needs here and which fault kinds can work.",
            "Checks NET_ADMIN, tc, iptables/ip6tables and their backend, nftables, sch_netem, sch_prio, htb, sch_tbf,",
            "ifb, clsact/mirred, u32, cls_bpf, the xtables matches, ipset, the state directory and the agent: one line each, with a fix.",
            "Then each fault kind's mechanism or why it cannot work, as the planners answer it (the same answer as the",
            "agent's /healthz). Exits 1 when any fault kind cannot work here."})
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions agent;

    @Option(names = "--netns", paramLabel = "PATH|NAME", description = "Check this namespace instead of our own.")
    String netns;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/var/lib/netfault",
            description = "The agent's state directory (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    /** What {@code netfault serve --mode auto} would pick here, and why. */
    static String modeLine(String procStatus) {
        try {
            ModeDecision d = ModeDecision.decide("auto", System.getenv(), procStatus);
            return "mode (serve --mode auto): " + d.mode() + " - " + d.reason();
        } catch (IllegalArgumentException e) {
            return "mode (serve --mode auto): undecided - " + e.getMessage();
        }
    }

    @Override
    public Integer call() {
        return Outcome.of(spec, () -> {
            Optional<Path> ns = Optional.ofNullable(netns).map(NetnsRunner::resolve);
            CommandRunner tools = new ProcessCommandRunner();
            NftLoader.Loaded nft = NftLoader.load(new NetnsRunner(tools, ns), ns, Optional.of(stateDir));
            CommandRunner inNamespace = nft.runner();
            String status = CapEff.selfStatus();
            Doctor doctor = new Doctor(tools, status,
                    () -> new FactsReader(inNamespace).read(new CapabilityProbe(inNamespace).probe()), stateDir,
                    Optional.of(agent.client())).withNftPath(nft.path());
            DoctorReport report = doctor.run(ns.map(p -> "namespace " + p).orElse("this namespace"));
            spec.commandLine().getOut().println(modeLine(status));
            spec.commandLine().getOut().print(report.render());
            return report.exitCode();
        });
    }
}
