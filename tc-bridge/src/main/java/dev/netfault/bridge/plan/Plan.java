package dev.netfault.bridge.plan;

import java.util.Collections;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a fault does to the kernel, computed before anything runs: the commands to apply it, the checks that prove it
 * is in place, and the commands that remove it. Revert commands remove only objects this plan creates and are safe to
 * run when some of them are already gone.
 *
 * <p>A plan is a list of steps, each with its undo: {@code revertAfter.get(i)} is the index of the apply step that
 * creates the object {@code revert.get(i)} removes. A rollback after apply step {@code k} failed runs, in revert order,
 * only the revert commands of steps before {@code k} ({@link #rollbackAfter(int)}), so an object that belongs to
 * someone else and merely has the same name as one the plan would have created (an {@code ingress} qdisc is always
 * {@code ffff:}) is never removed. A plan built without steps attaches every revert command to step 0.
 *
 * @param mechanism   how the fault is enforced, e.g. {@code nftables netdev egress} or {@code tc prio+netem}
 * @param touches     what the commands change in the kernel: every program the plan runs is covered (checked)
 * @param notes       facts the operator should know, e.g. a fallback that was chosen and why
 * @param lease       how the kernel lets the fault lapse when no agent renews it, or why it cannot
 * @param revertAfter for each revert command, the apply step whose object it removes
 */
public record Plan(FaultId id, String kind, String mechanism, List<String> interfaces, Set<Touches> touches,
                   List<Command> apply, List<Check> verify, List<Command> revert, List<String> notes, Lease lease,
                   List<Integer> revertAfter) {

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
        Objects.requireNonNull(lease, "lease");
        revertAfter = List.copyOf(revertAfter);
        if (revertAfter.size() != revert.size()) {
            throw new IllegalArgumentException("revertAfter: " + revertAfter.size() + " entries (expected: one per "
                    + "revert command, " + revert.size() + ")");
        }
        for (int step : revertAfter) {
            if (step < 0 || (step >= apply.size() && !apply.isEmpty())) {
                throw new IllegalArgumentException("revertAfter: step " + step + " (expected: 0-" + (apply.size() - 1) + ")");
            }
        }
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

    /** A plan whose revert commands all belong to its first step (undone once anything ran). */
    public Plan(FaultId id, String kind, String mechanism, List<String> interfaces, Set<Touches> touches,
                List<Command> apply, List<Check> verify, List<Command> revert, List<String> notes, Lease lease) {
        this(id, kind, mechanism, interfaces, touches, apply, verify, revert, notes, lease, firstStep(revert.size()));
    }

    /** A plan from its steps: apply in step order, revert in reverse step order. */
    public static Plan ofSteps(FaultId id, String kind, String mechanism, List<String> interfaces,
                               Set<Touches> touches, List<Step> steps, List<Check> verify, List<String> notes,
                               Lease lease) {
        List<Command> apply = new ArrayList<>();
        steps.forEach(s -> apply.add(s.apply()));
        List<Command> revert = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            for (Command u : steps.get(i).undo()) {
                revert.add(u);
                after.add(i);
            }
        }
        return new Plan(id, kind, mechanism, interfaces, touches, apply, verify, revert, notes, lease, after);
    }

    /** Every revert command attached to step 0. */
    public static List<Integer> firstStep(int reverts) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < reverts; i++) {
            out.add(0);
        }
        return out;
    }

    /** The plan as steps, each with its undo (in revert order). */
    public List<Step> steps() {
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < apply.size(); i++) {
            List<Command> undo = new ArrayList<>();
            for (int j = 0; j < revert.size(); j++) {
                if (revertAfter.get(j) == i) {
                    undo.add(revert.get(j));
                }
            }
            out.add(new Step(apply.get(i), undo));
        }
        return out;
    }

    /** The revert commands that undo the steps before {@code failedStep}, in revert order: what a rollback runs. */
    public List<Command> rollbackAfter(int failedStep) {
        List<Command> out = new ArrayList<>();
        for (int j = 0; j < revert.size(); j++) {
            if (revertAfter.get(j) < failedStep) {
                out.add(revert.get(j));
            }
        }
        return out;
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
        if (lease.leased()) {
            sb.append("## renew (the lease, by a live agent)\n");
            lease.renew().forEach(c -> sb.append(c.display()).append('\n'));
            lease.alive().forEach(c -> sb.append(c.command().display()).append("   # ").append(c.what()).append('\n'));
        } else {
            sb.append("## unleased: ").append(lease.unleasedReason().get()).append('\n');
        }
        return sb.toString();
    }
}
