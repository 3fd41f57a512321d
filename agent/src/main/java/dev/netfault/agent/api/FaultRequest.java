package dev.netfault.agent.api;

import dev.netfault.bridge.plan.FaultSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import dev.netfault.agent.dns.Hostname;
import java.util.Optional;

/**
 * A validated start request: the fault and how long it lasts (empty: the agent's {@code --max-duration}); hostnames
 * given in Sources are resolved when the fault starts and added to the spec's literal addresses.
 */
public record FaultRequest(FaultSpec spec, Optional<Duration> duration, List<Hostname> hostnames) {

    public FaultRequest {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(duration, "duration");
        hostnames = List.copyOf(hostnames);
    }

    /** A request whose Sources are all addresses. */
    public FaultRequest(FaultSpec spec, Optional<Duration> duration) {
        this(spec, duration, List.of());
    }
}
