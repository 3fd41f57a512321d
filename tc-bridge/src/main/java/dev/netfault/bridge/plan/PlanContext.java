package dev.netfault.bridge.plan;

import dev.netfault.bridge.target.Cidr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every plan needs besides the spec: when the fault expires (netfilter rules carry it into the kernel), the
 * agent's control port (never impaired), the addresses that are always exempt, and the lease: how long the fault keeps
 * biting after the agent's last renewal ({@link Lease}).
 */
public record PlanContext(Instant expiresAt, int controlPort, List<Cidr> exemptions, Duration lease) {

    /** Task metadata, instance metadata (IPv4 and IPv6 forms). Loopback is exempt by never touching {@code lo}. */
    public static final List<Cidr> BUILT_IN_EXEMPTIONS = List.of(
            Cidr.parse("169.254.170.2/32"),
            Cidr.parse("169.254.169.254/32"),
            Cidr.parse("fd00:ec2::254/128"),
            Cidr.parse("fd00:ec2::23/128"),
            Cidr.parse("127.0.0.0/8"),
            Cidr.parse("::1/128"));

    public static final int DEFAULT_CONTROL_PORT = 51680;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
    public static final Duration MIN_LEASE = Duration.ofSeconds(3);
    public static final Duration MAX_LEASE = Duration.ofMinutes(10);

    public PlanContext {
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (controlPort < 0 || controlPort > 65535) {
            throw new IllegalArgumentException("controlPort: " + controlPort + " (expected: 0-65535, 0 = none)");
        }
        exemptions = List.copyOf(exemptions);
        requireLease(lease);
    }

    /** Built-in exemptions plus the operator's {@code --exempt} list, with the default lease. */
    public static PlanContext of(Instant expiresAt, int controlPort, List<Cidr> operatorExemptions) {
        return of(expiresAt, controlPort, operatorExemptions, DEFAULT_LEASE);
    }

    /** Built-in exemptions plus the operator's {@code --exempt} list. */
    public static PlanContext of(Instant expiresAt, int controlPort, List<Cidr> operatorExemptions, Duration lease) {
        List<Cidr> all = new ArrayList<>(BUILT_IN_EXEMPTIONS);
        operatorExemptions.stream().filter(c -> !all.contains(c)).forEach(all::add);
        return new PlanContext(expiresAt, controlPort, all, lease);
    }

    /** The one check of a lease duration: whole milliseconds, 3 s to 10 min. */
    public static Duration requireLease(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.compareTo(MIN_LEASE) < 0 || lease.compareTo(MAX_LEASE) > 0 || lease.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("lease: " + lease.toMillis() + "ms (expected: 3s-10m, whole milliseconds)");
        }
        return lease;
    }
}
