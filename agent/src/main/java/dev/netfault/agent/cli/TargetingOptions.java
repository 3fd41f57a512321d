package dev.netfault.agent.cli;

import dev.netfault.agent.faults.MaxDuration;
import dev.netfault.bridge.target.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every start shares: which traffic, on which interface, for how long. */
public final class TargetingOptions {

    /** What {@code Sources} means when the operator names none: every IPv4 and IPv6 address. */
    public static final List<String> ALL_SOURCES = List.of("0.0.0.0/0", "::/0");

    @Option(names = "--sources", split = ",", paramLabel = "CIDR", converter = CidrConverter.class,
            description = "Impair only these destinations (ingress: origins); default: every address.")
    List<Cidr> sources = List.of();

    @Option(names = "--exclude", split = ",", paramLabel = "CIDR", converter = CidrConverter.class,
            description = "Never impair these addresses (ECS SourcesToFilter).")
    List<Cidr> exclude = List.of();

    @Option(names = "--duration", paramLabel = "DURATION", converter = HumanDuration.class,
            description = "Revert automatically after this long, e.g. 60s, 5m (default: the agent's maximum).")
    Duration duration;

    @Option(names = "--interface", paramLabel = "NAME",
            description = "Impair one interface only (default: every non-loopback interface).")
    String iface;

    /** {@code DurationSeconds}, validated: whole seconds from 1 s to 12 h. */
    public Optional<Long> durationSeconds() {
        if (duration == null) {
            return Optional.empty();
        }
        if (duration.toMillis() % 1000 != 0 || duration.getSeconds() < 1 || duration.getSeconds() > MaxDuration.SECONDS) {
            throw new IllegalArgumentException("--duration: " + HumanDuration.format(duration)
                    + " (expected: whole seconds from 1s to " + MaxDuration.TEXT + ")");
        }
        return Optional.of(duration.getSeconds());
    }

    /** Adds Sources (latency and loss always carry it), SourcesToFilter, Interface and DurationSeconds. */
    public void putInto(Map<String, Object> body, boolean sourcesRequired) {
        if (!sources.isEmpty()) {
            body.put("Sources", strings(sources));
        } else if (sourcesRequired) {
            body.put("Sources", ALL_SOURCES);
        }
        if (!exclude.isEmpty()) {
            body.put("SourcesToFilter", strings(exclude));
        }
        if (iface != null) {
            body.put("Interface", iface);
        }
        durationSeconds().ifPresent(d -> body.put("DurationSeconds", d));
    }

    private static List<String> strings(List<Cidr> cidrs) {
        return cidrs.stream().map(c -> c.prefix() == (c.isIpv6() ? 128 : 32)
                ? c.toString().substring(0, c.toString().indexOf('/')) : c.toString()).toList();
    }
}
