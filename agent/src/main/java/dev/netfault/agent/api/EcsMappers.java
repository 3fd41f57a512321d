package dev.netfault.agent.api;

import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import java.util.List;
import java.util.Optional;

/**
 * The ECS body mapper of every kind: the one API-side line a new kind adds (a mapper is built on this package's body
 * parser, which the {@code kinds} package below cannot see). {@code KindsRegistryTest} checks that every kind has
 * exactly one and every mapper a kind.
 */
final class EcsMappers {

    private final List<KindRequestMapper> all;

    EcsMappers(List<Cidr> agentExemptions, boolean hostnames) {
        this.all = List.of(
                new LatencyRequestMapper(agentExemptions, hostnames),
                new LossRequestMapper(agentExemptions, hostnames),
                new BlackholeRequestMapper(agentExemptions, hostnames),
                new ImpairmentRequestMapper(agentExemptions, hostnames),
                new BandwidthRequestMapper(agentExemptions, hostnames));
    }

    /** The mapper producing a kind's specs, if there is one (every served kind has one). */
    Optional<KindRequestMapper> of(FaultKind<?> kind) {
        return all.stream().filter(m -> m.spec().equals(kind.spec())).findFirst();
    }

    /** The spec records that have a mapper, in order. */
    List<Class<? extends FaultSpec>> specs() {
        return all.stream().<Class<? extends FaultSpec>>map(KindRequestMapper::spec).toList();
    }
}
