package dev.netfault.agent.faults;

import java.util.Locale;

/**
 * Who enforces faults ({@code serve --mode}): the journal records it for each entry, so an agent started in the other
 * mode knows an entry is not its own to revert: a platform call is never run as a command, nor a command sent to the
 * platform.
 */
public enum EnforcerMode {
    /** tc / nftables / iptables commands in the agent's network namespace. */
    KERNEL,
    /** The platform's fault endpoints, {@code ${ECS_AGENT_URI}/fault/v1/...} (Fargate). */
    PLATFORM;

    /** As journal files, logs and {@code --mode} spell it: {@code kernel} or {@code platform}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EnforcerMode parse(String text) {
        for (EnforcerMode m : values()) {
            if (m.wire().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode: '" + text + "' (expected: kernel or platform)");
    }
}
