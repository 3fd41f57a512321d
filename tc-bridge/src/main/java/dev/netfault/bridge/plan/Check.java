package dev.netfault.bridge.plan;

import java.util.List;
import java.util.Objects;

/**
 * A read-only command whose output proves that part of a fault is in the kernel: it passes when the command exits 0
 * and its standard output contains every expected fragment.
 */
public record Check(String what, Command command, List<String> expect) {

    public Check {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(command, "command");
        expect = List.copyOf(expect);
    }

    public boolean passes(int exitCode, String stdout) {
        return exitCode == 0 && expect.stream().allMatch(stdout::contains);
    }
}
