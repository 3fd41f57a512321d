package dev.netfault.agent.api;

import dev.netfault.agent.faults.FaultKey;
import dev.netfault.bridge.plan.FaultSpec;
import java.util.Optional;

/**
 * The ECS body mapping of one fault kind, built on this package's Go-compatible body parser; {@link EcsMappers} finds
 * it by the spec record it produces, which names its {@code kinds.FaultKind}.
 */
public interface KindRequestMapper {

    /** The spec record {@link #map} produces, e.g. {@code LatencySpec.class}. */
    Class<? extends FaultSpec> spec();

    /** A start body → the validated fault and its duration; IllegalArgumentException (400) for bad input. */
    FaultRequest map(byte[] json);

    /**
     * A stop or status body → the fault it names, for a keyed kind (several at once; the body is validated as start's).
     * Empty (the default): the kind's one fault, whatever the body holds.
     */
    default Optional<FaultKey> keyOf(byte[] json) {
        return Optional.empty();
    }
}
