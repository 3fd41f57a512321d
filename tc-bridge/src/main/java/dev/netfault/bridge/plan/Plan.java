package dev.netfault.bridge.plan;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a fault does to the kernel, computed before anything runs: the commands to apply it, the checks that prove it
 * is in place, and the commands that remove it. Revert commands remove only objects this plan creates and are safe to
 * run when some of them are already gone (rollback of a partial apply runs them too).
 *
 * @param mechanism how the fault is enforced, e.g. {@code nftables netdev egress} or {@code tc prio+netem}
 * @param touches   what the commands change in the kernel: every program the plan runs is covered (checked)
 * @param notes     facts the operator should know, e.g. a fallback that was chosen and why
 */
public record Plan(FaultId id, String kind, String mechanism, List<String> interfaces, Set<Touches> touches,
                   List<Command> apply, List<Check> verify, List<Command> revert, List<String> notes) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mechanism, "mechanism");
        interfaces = List.copyOf(interfaces);
        touches = Collections.unmodifiableSet(touches.isEmpty() ? EnumSet.noneOf(Touches.class) : EnumSet.copyOf(touches));
        apply = List.copyOf(apply);
        verify = List.copyOf(verify);
        revert = List.copyOf(revert);
        notes = List.copyOf(notes);
        Set<Touches> declared = touches;
        Optional<Command> undeclared = Stream.concat(apply.stream(), revert.stream())
                .filter(c -> Touches.ofProgram(c.program()).map(t -> !declared.contains(t)).orElse(false)).findFirst();
        if (undeclared.isPresent()) {
            throw new IllegalArgumentException("touches: " + touches + " does not cover '" + undeclared.get().line() + "'");
        }
        if (touches.contains(Touches.TC_TREE) && !touches.contains(Touches.TC)) {
            throw new IllegalArgumentException("touches: TC_TREE without TC");
        }
    }

    public boolean touches(Touches what) {
        return touches.contains(what);
    }

    /** The plan as an operator reads it: every command of each phase, one per line. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# fault ").append(id).append(" (").append(kind).append(") via ").append(mechanism);
        if (!interfaces.isEmpty()) {
            sb.append(" on ").append(String.join(", ", interfaces));
        }
        sb.append('\n');
        notes.forEach(n -> sb.append("# note: ").append(n).append('\n'));
        sb.append("## apply\n");
        apply.forEach(c -> sb.append(c.display()).append('\n'));
        sb.append("## verify\n");
        verify.forEach(c -> sb.append(c.command().display()).append("   # ").append(c.what()).append('\n'));
        sb.append("## revert\n");
        revert.forEach(c -> sb.append(c.display()).append('\n'));
        return sb.toString();
    }
}
