package dev.netfault.bridge.plan;

import java.util.Objects;
import java.util.Set;

/**
 * The root qdisc an interface has before a fault. A kernel default (handle {@code 0:}, or {@code noqueue}) may be
 * replaced and comes back by itself when the replacement is deleted; anything else belongs to someone else.
 */
public record RootQdisc(String kind, String handle) {

    private static final Set<String> DEFAULT_HANDLES = Set.of("0:", "");

    public RootQdisc {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(handle, "handle");
    }

    public static RootQdisc kernelDefault(String kind) {
        return new RootQdisc(kind, "0:");
    }

    public boolean isKernelDefault() {
        return kind.equals("noqueue") || DEFAULT_HANDLES.contains(handle);
    }

    @Override
    public String toString() {
        return kind + " " + handle;
    }
}
