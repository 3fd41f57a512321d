package dev.netfault.bridge.kernel;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Feature;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the probe tries things: a scratch network namespace it creates (and deletes), or, where that is not allowed
 * (a sidecar with only NET_ADMIN), the target namespace itself with every object netfault-named and undone in
 * {@link #release()}. Either way it holds one scratch link ({@code ifb}, else {@code dummy}, else a {@code veth} pair)
 * that is never up, so traffic never crosses it.
 */
final class ProbeSpace {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeSpace.class);

    private final Attempt base;
    private final Attempt inside;
    private final Optional<String> scratchNetns;
    private final Deque<Undo> undo = new ArrayDeque<>();
    private Optional<String> link = Optional.empty();
    private String linkProblem = "";

    private ProbeSpace(Attempt base, Attempt inside, Optional<String> scratchNetns) {
        this.base = base;
        this.inside = inside;
        this.scratchNetns = scratchNetns;
    }

    /** Tries {@code ip netns add <name>}; falls back to the target namespace when that fails. */
    static ProbeSpace open(Attempt base, String scratchName) throws InterruptedException {
        Command add = Command.of("ip", "netns", "add", scratchName);
        CommandResult r = base.run(add);
        if (r.ok()) {
            NetnsRunner scratch = new NetnsRunner(base.runner(), Optional.of(Path.of("/run/netns", scratchName)));
            return new ProbeSpace(base, base.on(scratch), Optional.of(scratchName));
        }
        LOG.debug("no scratch namespace ({}); probing in the target namespace", Attempt.why(add, r));
        return new ProbeSpace(base, base, Optional.empty());
    }

    Attempt attempt() {
        return inside;
    }

    boolean isScratchNamespace() {
        return scratchNetns.isPresent();
    }

    /** The scratch link, once {@link #link(String, ProbeFindings)} made one. */
    Optional<String> link() {
        return link;
    }

    /** Why there is no scratch link (for the features that needed it). */
    String linkProblem() {
        return linkProblem;
    }

    /** Creates the scratch link as an ifb (recording the ifb verdict), else a dummy, else a veth pair. */
    void link(String name, ProbeFindings findings) throws InterruptedException {
        Command ifb = Command.of("ip", "link", "add", name, "type", "ifb");
        CommandResult r = inside.run(ifb);
        if (r.ok()) {
            afterCreate(name);
            CommandResult shown = inside.run(Command.of("ip", "-d", "-j", "link", "show", "dev", name));
            String kind = "";
            if (shown.ok()) {
                kind = Json.text(Json.at(Json.parse("ip -d -j link show", shown.stdout()).path(0), "linkinfo"),
                        "info_kind");
            }
            if (kind.equals("ifb")) {
                findings.yes(Feature.IFB);
            } else {
                findings.no(Feature.IFB, "ip link add accepted, but the kernel shows link kind '" + kind + "'");
            }
            return;
        }
        String ifbWhy = Attempt.why(ifb, r);
        findings.no(Feature.IFB, ifbWhy);
        // a dummy, else a veth pair (its peer goes with it): links that exist in most kernels and containers
        for (Command other : new Command[] {Command.of("ip", "link", "add", name, "type", "dummy"),
                Command.of("ip", "link", "add", name, "type", "veth", "peer", "name", peerOf(name))}) {
            if (inside.run(other).ok()) {
                afterCreate(name);
                return;
            }
        }
        linkProblem = "no scratch link to try it on: " + ifbWhy;
    }

    /** The veth peer's name: the same fault id with the next role letter ({@code nf<id>p} -> {@code nf<id>q}). */
    static String peerOf(String name) {
        char role = name.charAt(name.length() - 1);
        return name.substring(0, name.length() - 1) + (char) (role == 'z' ? 'y' : role + 1);
    }

    private void afterCreate(String name) {
        link = Optional.of(name);
        if (scratchNetns.isEmpty()) {
            undo(Command.of("ip", "link", "del", name));
        }
    }

    /** Registers the command that undoes an object made in the target namespace (not needed in a scratch one). */
    void undo(Command command) {
        undo(a -> {
            CommandResult r = a.run(command);
            if (!r.ok()) {
                LOG.warn("probe: could not undo '{}': {}", command.line(), Attempt.why(command, r));
            }
        });
    }

    /** Registers an undo step that needs to look before it acts (not needed in a scratch namespace). */
    void undo(Undo step) {
        if (scratchNetns.isEmpty()) {
            undo.push(step);
        }
    }

    /** One step of cleaning up after the probe in the target namespace. */
    @FunctionalInterface
    interface Undo {
        void run(Attempt inside) throws InterruptedException;
    }

    /** Deletes the scratch namespace, or undoes in reverse what the probe made in the target namespace. */
    void release() throws InterruptedException {
        if (scratchNetns.isPresent()) {
            Command del = Command.of("ip", "netns", "del", scratchNetns.get());
            CommandResult r = base.run(del);
            if (!r.ok()) {
                LOG.warn("probe: could not delete scratch namespace: {}", Attempt.why(del, r));
            }
            return;
        }
        while (!undo.isEmpty()) {
            undo.pop().run(inside);
        }
    }
}
