package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Lease;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link Enforcer} enforces one fault, known before anything is changed: the mechanism, the interfaces, the
 * commands it runs, the checks that prove it is in place and the commands that remove it. The journal stores it, so a
 * restarted agent can revert or re-adopt a fault without planning it again. A platform enforcer leaves the command lists
 * empty and acts on {@link #kind()} alone. {@link #lease()} holds the commands a live agent runs to keep the fault
 * biting (or why the kernel cannot let it lapse by itself).
 */
public record AppliedFault(FaultId id, String kind, String mechanism, List<String> interfaces, List<Command> apply,
                           List<Check> verify, List<Command> revert, Lease lease) {

    public AppliedFault {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mechanism, "mechanism");
        interfaces = List.copyOf(interfaces);
        apply = List.copyOf(apply);
        verify = List.copyOf(verify);
        revert = List.copyOf(revert);
        Objects.requireNonNull(lease, "lease");
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
