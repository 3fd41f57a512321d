package dev.netfault.bridge.state;

import dev.netfault.bridge.exec.Attempt;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.plan.Touches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads back every netfault-owned object in a namespace now, with its kernel counters: {@code NETFAULT-<id>} chains
 * and the rules that jump to them, {@code netfault_<id>} nft tables, tc qdiscs in the reserved handle range,
 * ingress/clsact qdiscs (or single filters) that redirect to owned links, {@code nf<id>x} links and {@code nf<id>-*}
 * ipsets. Objects without the netfault mark are never reported. A tool that is not installed contributes nothing
 * (netfault cannot have made objects with it); any other failure throws {@link CommandFailedException}.
 *
 * <p>{@code KernelState now = new StateReader(runner).read(); now.objectsOf(id);}
 */
public final class StateReader {

    static final Command IP_LINK = Command.of("ip", "-s", "-d", "-j", "link", "show");
    static final Command TC_QDISC = Command.of("tc", "-s", "-j", "qdisc", "show");
    static final Command IPTABLES_SAVE = Command.of("iptables-save", "-c");
    static final Command IP6TABLES_SAVE = Command.of("ip6tables-save", "-c");
    static final Command NFT_RULESET = Command.of("nft", "-j", "list", "ruleset");
    static final Command IPSET_LIST = Command.of("ipset", "list", "-t");
    /** The families netfault's nft tables live in ({@link Ownership#nftTable}). */
    static final List<String> NFT_FAMILIES = List.of("netdev", "inet");
    /**
     * Up to this many faults, their nft tables are read by name (two reads of about 0.2 ms each per fault) rather than
     * with {@code nft -j list ruleset}, whose cost grows with every table in the namespace (≈ 10 ms at 40 tables).
     */
    static final int NFT_BY_NAME_MAX = 16;

    private final Attempt run;

    public StateReader(CommandRunner runner) {
        this.run = new Attempt(runner, Duration.ofSeconds(5));
    }

    public KernelState read() throws InterruptedException {
        return read(EnumSet.allOf(Touches.class));
    }

    /**
     * The objects of the subsystems in {@code what} only, e.g. {@code nft -j list ruleset} alone for
     * {@link Touches#NFTABLES}: what a read-back of a fault needs, since a plan's objects all lie in what it touches.
     * tc ({@link Touches#TC}, {@link Touches#TC_TREE}) includes the links (its ifb devices); nothing selected reads all.
     */
    public KernelState read(Set<Touches> what) throws InterruptedException {
        return read(what, List.of(), false);
    }

    /**
     * {@link #read(Set)} for what the faults {@code of} own: the same objects of theirs (objects of others may be
     * missing), with their nft tables read by name when they are few ({@link #NFT_BY_NAME_MAX}).
     */
    public KernelState read(Set<Touches> what, Collection<FaultId> of) throws InterruptedException {
        return read(what, of, !of.isEmpty() && of.size() <= NFT_BY_NAME_MAX);
    }

    private KernelState read(Set<Touches> what, Collection<FaultId> of, boolean nftByName)
            throws InterruptedException {
        Set<Touches> w = what.isEmpty() ? EnumSet.allOf(Touches.class) : what;
        List<KernelObject> all = new ArrayList<>();
        if (w.contains(Touches.IPTABLES)) {
            all.addAll(IptablesSave.parse(optional(IPTABLES_SAVE), false));
            all.addAll(IptablesSave.parse(optional(IP6TABLES_SAVE), true));
        }
        if (w.contains(Touches.NFTABLES) && nftByName) {
            for (FaultId id : of) {
                all.addAll(nftTables(id));
            }
        } else if (w.contains(Touches.NFTABLES)) {
            all.addAll(NftRuleset.parse(optional(NFT_RULESET)));
        }
        if (w.contains(Touches.TC) || w.contains(Touches.TC_TREE)) {
            String qdiscs = run.stdout(TC_QDISC);
            all.addAll(TcState.qdiscs(qdiscs));
            for (TcState.Hook hook : TcState.hooks(qdiscs)) {
                List<TcState.Action> actions = new ArrayList<>();
                for (String direction : hook.directions()) {
                    actions.addAll(filterActions(hook.dev(), direction));
                }
                all.addAll(TcState.hook(hook, actions));
            }
            all.addAll(TcState.links(run.stdout(IP_LINK)));
        }
        if (w.contains(Touches.IPSET)) {
            all.addAll(IpsetList.parse(optional(IPSET_LIST)));
        }
        return new KernelState(all);
    }

    /** JSON first; the text form when this iproute2 prints part of a filter outside its JSON. */
    private List<TcState.Action> filterActions(String dev, String direction) throws InterruptedException {
        Command json = Command.of("tc", "-j", "filter", "show", "dev", dev, direction);
        CommandResult r = run.run(json);
        if (!r.ok()) {
            if (r.stderr().contains("Cannot find device")) {
                return List.of();
            }
            throw new CommandFailedException(json, r);
        }
        try {
            return TcState.actionsFromJson(dev, direction, r.stdout());
        } catch (KernelOutputException e) {
            return TcState.actionsFromText(direction, run.stdout(Command.of("tc", "filter", "show", "dev", dev,
                    direction)));
        }
    }

    /** The fault's {@code netfault_<id>} tables with their counters, each family read by name; absent ones are none. */
    private List<KernelObject> nftTables(FaultId id) throws InterruptedException {
        List<KernelObject> out = new ArrayList<>();
        for (String family : NFT_FAMILIES) {
            // terse: without the elements of its sets (10,000 Sources would be listed, and parsed, for nothing)
            Command c = Command.of("nft", "-j", "-t", "list", "table", family, Ownership.nftTable(id));
            CommandResult r = run.run(c);
            if (r.exitCode() == 127) {
                return List.of();
            }
            if (!r.ok() && r.stderr().contains("No such file or directory")) {
                continue;
            }
            if (!r.ok()) {
                throw new CommandFailedException(c, r);
            }
            out.addAll(NftRuleset.parse(r.stdout()));
        }
        return out;
    }

    /** The output of a tool that may not be installed (then: nothing). */
    private String optional(Command command) throws InterruptedException {
        CommandResult r = run.run(command);
        if (r.exitCode() == 127) {
            return "";
        }
        if (!r.ok()) {
            throw new CommandFailedException(command, r);
        }
        return r.stdout();
    }
}
