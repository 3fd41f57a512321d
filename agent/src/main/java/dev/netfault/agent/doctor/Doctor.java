package dev.netfault.agent.doctor;

import dev.netfault.agent.faults.Health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.agent.client.AgentClient;
import dev.netfault.agent.client.AgentException;
import dev.netfault.agent.kernel.KernelHealth;
import dev.netfault.agent.platform.CapEff;
import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.NamespaceFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Preflight for {@code netfault doctor}: privileges, tools, kernel features (from a capability probe), the state
 * directory and the agent; then which fault kinds can work here, as the planners themselves answer it
 * ({@link KernelHealth}, the source of {@code /healthz} too).
 */
public final class Doctor {

    /**
     * The target namespace: its links and what it can do (the capability probe and the facts reader in production, a
     * fixture in tests).
     */
    @FunctionalInterface
    public interface NamespaceSource {
        NamespaceFacts read() throws InterruptedException;
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final CommandRunner tools;
    private final String procStatus;
    private final NamespaceSource namespace;
    private final Path stateDir;
    private final Optional<AgentClient> agent;
    private final Optional<String> nftPath;

    /**
     * @param tools      runs the tools' version commands
     * @param procStatus the text of {@code /proc/self/status}
     */
    public Doctor(CommandRunner tools, String procStatus, NamespaceSource namespace, Path stateDir,
                  Optional<AgentClient> agent) {
        this(tools, procStatus, namespace, stateDir, agent, Optional.empty());
    }

    private Doctor(CommandRunner tools, String procStatus, NamespaceSource namespace, Path stateDir,
                   Optional<AgentClient> agent, Optional<String> nftPath) {
        this.tools = Objects.requireNonNull(tools, "tools");
        this.procStatus = Objects.requireNonNull(procStatus, "procStatus");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.nftPath = Objects.requireNonNull(nftPath, "nftPath");
    }

    /**
     * The same doctor, also saying how {@code nft} commands run: {@code nft in-process (libnftables)} or
     * {@code nft process (...why not the library)} (both work; the library saves a process per change).
     */
    public Doctor withNftPath(String path) {
        return new Doctor(tools, procStatus, namespace, stateDir, agent, Optional.of(path));
    }

    public DoctorReport run(String where) throws InterruptedException {
        List<DoctorCheck> checks = new ArrayList<>();
        checks.add(privileges());
        checks.add(tool("tc", Command.of("tc", "-V"), Hints.TC));
        checks.add(tool("iptables", Command.of("iptables", "-V"), Hints.IPTABLES));
        checks.add(tool("ip6tables", Command.of("ip6tables", "-V"), Hints.IPTABLES));
        checks.add(tool("nft", Command.of("nft", "--version"), Hints.NFT));
        nftPath.ifPresent(p -> checks.add(DoctorCheck.ok("nft path", p)));
        NamespaceFacts facts = namespace.read();
        Capabilities c = facts.capabilities();
        checks.add(feature("nft netdev egress hook", c, Feature.NFT_EGRESS_HOOK, Hints.NFT_EGRESS));
        checks.add(feature("sch_netem", c, Feature.NETEM, Hints.NETEM));
        checks.add(feature("sch_prio", c, Feature.PRIO, Hints.PRIO));
        checks.add(feature("htb", c, Feature.HTB, Hints.HTB));
        checks.add(feature("sch_tbf", c, Feature.TBF, Hints.TBF));
        checks.add(feature("ifb", c, Feature.IFB, Hints.IFB));
        checks.add(feature("clsact/mirred", c, c.has(Feature.CLSACT) ? Feature.MIRRED : Feature.CLSACT, Hints.CLSACT));
        checks.add(feature("u32", c, Feature.U32, Hints.U32));
        checks.add(feature("cls_bpf", c, Feature.CLS_BPF, Hints.CLS_BPF));
        checks.add(feature("iptables backend", c, Feature.IPTABLES, Hints.IPTABLES, c.iptablesBackend()));
        checks.add(feature("match time", c, Feature.MATCH_TIME, String.format(Hints.MATCH, "xt_time")));
        checks.add(feature("match comment", c, Feature.MATCH_COMMENT, String.format(Hints.MATCH, "xt_comment")));
        checks.add(feature("ipset", c, Feature.IPSET, Hints.IPSET));
        checks.add(stateDirectory());
        agent.ifPresent(a -> checks.add(reachable(a)));
        Health health = KernelHealth.of(new FaultPlanner(), facts, where);
        return new DoctorReport(where, checks, KindVerdict.of(health), LeaseSupport.of(health));
    }

    /** True when the {@code CapEff} mask of a {@code /proc/<pid>/status} text has CAP_NET_ADMIN (bit 12). */
    public static boolean hasNetAdmin(String procStatus) {
        return CapEff.of(procStatus).map(CapEff::netAdmin).orElse(false);
    }

    DoctorCheck privileges() {
        Optional<CapEff> capEff = CapEff.of(procStatus);
        if (capEff.isEmpty()) {
            return DoctorCheck.fail("root / CAP_NET_ADMIN", "no CapEff line in /proc/self/status", Hints.ROOT);
        }
        boolean netAdmin = capEff.get().netAdmin();
        String detail = "CapEff " + capEff.get().mask() + (netAdmin ? " includes" : " lacks") + " CAP_NET_ADMIN";
        return netAdmin ? DoctorCheck.ok("root / CAP_NET_ADMIN", detail) : DoctorCheck.fail("root / CAP_NET_ADMIN", detail, Hints.ROOT);
    }

    private DoctorCheck tool(String name, Command version, String fix) throws InterruptedException {
        CommandResult r = tools.run(version, TIMEOUT);
        String text = (r.stdout().isBlank() ? r.stderr() : r.stdout()).strip();
        String first = text.isEmpty() ? "" : text.lines().findFirst().orElse("");
        if (r.ok()) {
            return DoctorCheck.ok(name, first);
        }
        return DoctorCheck.fail(name, "'" + version.line() + "' failed (exit " + r.exitCode() + ")"
                + (first.isEmpty() ? "" : ": " + first), fix);
    }

    private static DoctorCheck feature(String name, Capabilities c, Feature f, String fix) {
        return feature(name, c, f, fix, "available");
    }

    /** The check passes when {@code f} is present (for clsact/mirred: when clsact is, and then mirred is asked). */
    private static DoctorCheck feature(String name, Capabilities c, Feature f, String fix, String okDetail) {
        return c.has(f) ? DoctorCheck.ok(name, okDetail) : DoctorCheck.fail(name, "missing: " + c.reason(f), fix);
    }

    private DoctorCheck stateDirectory() {
        String fix = "mkdir -p " + stateDir + " and make it writable by the agent's user, or pass --state-dir DIR";
        Path dir = stateDir;
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir)) {
            return DoctorCheck.fail("state dir", stateDir + ": no existing parent directory", fix);
        }
        try {
            Path probe = Files.createTempFile(dir, ".netfault-doctor", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            return DoctorCheck.fail("state dir", dir + " is not writable (" + e.getMessage() + ")", fix);
        }
        return DoctorCheck.ok("state dir", stateDir + (dir.equals(stateDir) ? " is writable" : " can be created in " + dir));
    }

    private static DoctorCheck reachable(AgentClient client) {
        try {
            JsonNode health = client.get("/healthz");
            String mode = health.path("mode").asText("");
            return DoctorCheck.ok("agent", "answers /healthz at " + client.base()
                    + (mode.isEmpty() ? "" : " (mode " + mode + ": " + health.path("modeReason").asText("") + ")"));
        } catch (AgentException e) {
            return DoctorCheck.fail("agent", e.getMessage(), "start it: netfault serve (or point --agent / $NETFAULT_AGENT at it)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DoctorCheck.fail("agent", "interrupted", "");
        }
    }
}
