package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Touches;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How an {@link Enforcer} enforces one fault, known before anything is changed: the mechanism, the interfaces, what it
 * touches in the kernel (as its plan says), the commands it runs, the checks that prove it is in place and the commands
 * that remove it. The journal stores it, so a restarted agent can revert or re-adopt a fault without planning it again.
 * A platform enforcer touches nothing in the kernel.
 */
public record AppliedFault(FaultId id, String kind, String mechanism, List<String> interfaces, Set<Touches> touches,
                           List<Command> apply, List<Check> verify, List<Command> revert) {

    public AppliedFault {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mechanism, "mechanism");
        interfaces = List.copyOf(interfaces);
        touches = Collections.unmodifiableSet(touches.isEmpty() ? EnumSet.noneOf(Touches.class) : EnumSet.copyOf(touches));
        apply = List.copyOf(apply);
        verify = List.copyOf(verify);
        revert = List.copyOf(revert);
    }

    public boolean touches(Touches what) {
        return touches.contains(what);
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
