package dev.netfault.agent.api;

import dev.netfault.bridge.plan.FaultSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A validated start request: the fault and how long it lasts (empty: the agent's {@code --max-duration}). */
public record FaultRequest(FaultSpec spec, Optional<Duration> duration) {

    public FaultRequest {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(duration, "duration");
    }
}
