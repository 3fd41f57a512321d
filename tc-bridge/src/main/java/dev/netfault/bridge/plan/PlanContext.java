package dev.netfault.bridge.plan;

import dev.netfault.bridge.target.Cidr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every plan needs besides the spec: when the fault expires (netfilter rules carry it into the kernel), the
 * agent's control port (never impaired) and the addresses that are always exempt.
 */
public record PlanContext(Instant expiresAt, int controlPort, List<Cidr> exemptions) {

    /** Task metadata, instance metadata (IPv4 and IPv6 forms). Loopback is exempt by never touching {@code lo}. */
    public static final List<Cidr> BUILT_IN_EXEMPTIONS = List.of(
            Cidr.parse("169.254.170.2/32"),
            Cidr.parse("169.254.169.254/32"),
            Cidr.parse("fd00:ec2::254/128"),
            Cidr.parse("fd00:ec2::23/128"),
            Cidr.parse("127.0.0.0/8"),
            Cidr.parse("::1/128"));

    public static final int DEFAULT_CONTROL_PORT = 51680;

    public PlanContext {
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (controlPort < 0 || controlPort > 65535) {
            throw new IllegalArgumentException("controlPort: " + controlPort + " (expected: 0-65535, 0 = none)");
        }
        exemptions = List.copyOf(exemptions);
    }

    /** Built-in exemptions plus the operator's {@code --exempt} list. */
    public static PlanContext of(Instant expiresAt, int controlPort, List<Cidr> operatorExemptions) {
        List<Cidr> all = new ArrayList<>(BUILT_IN_EXEMPTIONS);
        operatorExemptions.stream().filter(c -> !all.contains(c)).forEach(all::add);
        return new PlanContext(expiresAt, controlPort, all);
    }
}
