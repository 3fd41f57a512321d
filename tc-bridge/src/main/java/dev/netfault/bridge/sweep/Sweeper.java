package dev.netfault.bridge.sweep;

import dev.netfault.bridge.exec.Attempt;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.state.KernelObject;
import dev.netfault.bridge.state.ObjectKind;
import dev.netfault.bridge.state.StateReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes netfault-owned objects that are not to be kept — what reconcile at start and "stop all" need. It acts only
 * on what {@link StateReader} reports, so an object without the netfault mark is never touched. Order: jump rules
 * unhooked and chains flushed and deleted (one {@code iptables-restore --noflush} per family), nft tables (one
 * {@code nft -f -}), tc filters and ingress qdiscs, netfault's root qdiscs ({@code tc qdisc del ... root handle 4e46:},
 * which the kernel refuses if the root is anyone else's), links, ipsets. Objects that vanish meanwhile are fine:
 * the result is judged by reading the state back.
 *
 * <p>{@code new Sweeper(runner).sweep(id -> journal.isLive(id), false)}
 */
public final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final Attempt run;
    private final StateReader reader;

    public Sweeper(CommandRunner runner) {
        this.run = new Attempt(runner, Duration.ofSeconds(5));
        this.reader = new StateReader(runner);
    }

    /**
     * @param keep   faults whose objects stay
     * @param keepTc spare the tc objects that carry no fault id (netfault's root qdisc and its children), e.g. while a
     *               latency fault that is not journaled by id is live
     */
    public SweepResult sweep(Predicate<FaultId> keep, boolean keepTc) throws InterruptedException {
        List<KernelObject> targets = reader.read().objects().stream()
                .filter(o -> o.owner().map(id -> !keep.test(id)).orElse(!keepTc))
                .toList();
        if (targets.isEmpty()) {
            return new SweepResult(List.of(), List.of(), List.of());
        }
        List<Failure> failures = new ArrayList<>();
        xtables(targets, false, failures);
        xtables(targets, true, failures);
        nft(targets, failures);
        for (KernelObject o : targets) {
            Command c = deletion(o);
            if (c != null) {
                attempt(c, o, failures);
            }
        }
        Set<String> present = reader.read().objects().stream().map(KernelObject::key).collect(Collectors.toSet());
        List<KernelObject> removed = targets.stream().filter(o -> !present.contains(o.key())).toList();
        List<KernelObject> left = targets.stream().filter(o -> present.contains(o.key())).toList();
        List<String> errors = failures.stream().filter(f -> present.contains(f.object().key()))
                .map(Failure::message).distinct().toList();
        LOG.info("sweep removed {} objects, left {}{}", removed.size(), left.size(),
                errors.isEmpty() ? "" : ": " + errors);
        return new SweepResult(removed, left, errors);
    }

    private record Failure(KernelObject object, String message) {
    }

    /** Per table: delete the rules in others' chains, flush and delete our chains; one transaction per family. */
    private void xtables(List<KernelObject> targets, boolean ipv6, List<Failure> failures) throws InterruptedException {
        ObjectKind ruleKind = ipv6 ? ObjectKind.IP6TABLES_RULE : ObjectKind.IPTABLES_RULE;
        ObjectKind chainKind = ipv6 ? ObjectKind.IP6TABLES_CHAIN : ObjectKind.IPTABLES_CHAIN;
        Map<String, List<String>> lines = new LinkedHashMap<>();
        List<KernelObject> mine = new ArrayList<>();
        for (KernelObject o : targets) {
            if (o.kind() == ruleKind) {
                lines.computeIfAbsent(o.type(), t -> new ArrayList<>()).add("-D " + o.name().substring(3));
                mine.add(o);
            }
        }
        for (KernelObject o : targets) {
            if (o.kind() == chainKind) {
                lines.computeIfAbsent(o.type(), t -> new ArrayList<>()).add("-F " + o.name());
                mine.add(o);
            }
        }
        for (KernelObject o : targets) {
            if (o.kind() == chainKind) {
                lines.get(o.type()).add("-X " + o.name());
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        String tool = (ipv6 ? "ip6tables" : "iptables") + "-restore";
        StringBuilder all = new StringBuilder();
        lines.forEach((table, ls) -> all.append(script(table, ls)));
        if (run.run(restore(tool, all.toString())).ok()) {
            return;
        }
        // something vanished or is still referenced: one object per transaction, so the rest still goes
        for (KernelObject o : mine) {
            String body = o.kind() == ruleKind ? "-D " + o.name().substring(3) : "-F " + o.name() + "\n-X " + o.name();
            attempt(restore(tool, script(o.type(), List.of(body))), o, failures);
        }
    }

    private static String script(String table, List<String> lines) {
        return "*" + table + "\n" + String.join("\n", lines) + "\nCOMMIT\n";
    }

    private static Command restore(String tool, String script) {
        return Command.of(tool, "-w", "5", "--noflush").withStdin(script);
    }

    private void nft(List<KernelObject> targets, List<Failure> failures) throws InterruptedException {
        List<KernelObject> tables = targets.stream().filter(o -> o.kind() == ObjectKind.NFT_TABLE).toList();
        if (tables.isEmpty()) {
            return;
        }
        String script = tables.stream().map(t -> "delete table " + t.type() + " " + t.name() + "\n")
                .collect(Collectors.joining());
        if (run.run(Command.of("nft", "-f", "-").withStdin(script)).ok()) {
            return;
        }
        for (KernelObject t : tables) {
            attempt(Command.of("nft", "delete", "table", t.type(), t.name()), t, failures);
        }
    }

    /** The command that removes one non-netfilter object, or null when it goes with another (a child qdisc). */
    private static Command deletion(KernelObject o) {
        String dev = o.iface().orElse("");
        switch (o.kind()) {
            case TC_FILTER:
                return Command.of("tc", "filter", "del", "dev", dev, o.type(), o.name().split(" ")[0],
                        o.name().split(" ")[1]);
            case TC_INGRESS:
                return Command.of("tc", "qdisc", "del", "dev", dev, o.type());
            case TC_QDISC:
                return qdiscDeletion(o, dev);
            case LINK:
                return Command.of("ip", "link", "del", o.name());
            case IPSET:
                return Command.of("ipset", "destroy", o.name());
            default:
                return null;
        }
    }

    /**
     * netfault's root ({@code 4e46:}), or a reserved-handle qdisc nested in someone else's tree; the kernel refuses
     * either deletion when the handle there is not the one named. Qdiscs under our own classes go with our root, and
     * those on our links with the link.
     */
    private static Command qdiscDeletion(KernelObject o, String dev) {
        if (Ownership.ofLink(dev).isPresent()) {
            return null;
        }
        if (o.parent().equals("root")) {
            return o.name().equals(Ownership.TC_ROOT_HANDLE)
                    ? Command.of("tc", "qdisc", "del", "dev", dev, "root", "handle", o.name()) : null;
        }
        return Ownership.isOwnedTcHandle(o.parent()) ? null
                : Command.of("tc", "qdisc", "del", "dev", dev, "parent", o.parent(), "handle", o.name());
    }

    private void attempt(Command c, KernelObject o, List<Failure> failures) throws InterruptedException {
        CommandResult r = run.run(c);
        if (!r.ok()) {
            failures.add(new Failure(o, "'" + c.line() + "': " + Attempt.why(c, r)));
        }
    }
}
