package dev.netfault.bridge.sweep;

import dev.netfault.bridge.state.KernelObject;
import java.util.List;

/**
 * What a sweep did: the objects it removed (gone on read-back), those it meant to remove that are still there, and
 * the kernel's words for each command that failed while its object stayed.
 */
public record SweepResult(List<KernelObject> removed, List<KernelObject> left, List<String> errors) {

    public SweepResult {
        removed = List.copyOf(removed);
        left = List.copyOf(left);
        errors = List.copyOf(errors);
    }

    /** True when every object the sweep meant to remove is gone. */
    public boolean complete() {
        return left.isEmpty();
    }
}
