package dev.netfault.bridge.plan;

import java.util.List;
import java.util.Objects;

/**
 * One apply command of a plan and the commands that undo what it creates (none for a step that changes only objects an
 * earlier step created, such as {@code ip link set nf<id>i up}). A step creates its objects at once or not at all, so a
 * rollback never needs the undo of the step that failed.
 *
 * <p>{@code new Step(Command.of("ip", "link", "add", ifb, "type", "ifb"), List.of(Command.of("ip", "link", "del", ifb)))}
 */
public record Step(Command apply, List<Command> undo) {

    public Step {
        Objects.requireNonNull(apply, "apply");
        undo = List.copyOf(undo);
    }

    public static Step of(Command apply, Command... undo) {
        return new Step(apply, List.of(undo));
    }
}
