package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Touches;
import java.util.Collections;
import java.util.EnumSet;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
/**
 * How an {@link Enforcer} enforces one fault, known before anything is changed: the mechanism, the interfaces, what it
 * touches in the kernel (as its plan says), the commands it runs, the checks that prove it is in place and the commands
 * that remove it. The journal stores it, so a restarted agent can revert or re-adopt a fault without planning it again.
 * A platform enforcer touches nothing in the kernel. {@link #lease()} holds the commands a live agent runs to keep the
 * fault biting (or why the kernel cannot let it lapse by itself).
 *
 * @param revertAfter for each revert command, the apply step whose object it removes (see
 *                    {@link dev.netfault.bridge.plan.Plan#revertAfter()}): a rollback undoes only the steps that ran
 */
public record AppliedFault(FaultId id, String kind, String mechanism, List<String> interfaces, Set<Touches> touches,
                           List<Command> apply, List<Check> verify, List<Command> revert, Lease lease,
                           List<Integer> revertAfter) {

    public AppliedFault {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mechanism, "mechanism");
        interfaces = List.copyOf(interfaces);
        touches = Collections.unmodifiableSet(touches.isEmpty() ? EnumSet.noneOf(Touches.class) : EnumSet.copyOf(touches));
        apply = List.copyOf(apply);
        verify = List.copyOf(verify);
        revert = List.copyOf(revert);
        Objects.requireNonNull(lease, "lease");
        revertAfter = List.copyOf(revertAfter);
        if (revertAfter.size() != revert.size()) {
            throw new IllegalArgumentException("revertAfter: " + revertAfter.size() + " entries (expected: "
                    + revert.size() + ", one per revert command)");
        }
    }

    /** A fault whose revert commands all belong to its first apply step. */
    public AppliedFault(FaultId id, String kind, String mechanism, List<String> interfaces, Set<Touches> touches,
                        List<Command> apply, List<Check> verify, List<Command> revert, Lease lease) {
        this(id, kind, mechanism, interfaces, touches, apply, verify, revert, lease, Plan.firstStep(revert.size()));
    }

    public boolean touches(Touches what) {
        return touches.contains(what);
    }

    /**
     * What the apply steps before {@code failedStep} created: this fault with only their revert commands (in revert
     * order), what a rollback after that step removes.
     */
    public AppliedFault before(int failedStep) {
        List<Command> r = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        for (int i = 0; i < revert.size(); i++) {
            if (revertAfter.get(i) < failedStep) {
                r.add(revert.get(i));
                after.add(revertAfter.get(i));
            }
        }
        return new AppliedFault(id, kind, mechanism, interfaces, touches, apply.subList(0, failedStep), verify, r, lease,
                after);
    }

    /** The apply commands as an operator reads them in logs. */
    public List<String> applyLines() {
        return apply.stream().map(Command::display).toList();
    }

    /** The revert commands as an operator reads them in logs. */
    public List<String> revertLines() {
        return revert.stream().map(Command::display).toList();
    }
}
