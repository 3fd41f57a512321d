package dev.netfault.agent.dns;

import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import java.util.List;

/** The same fault with other {@code Sources}: how resolved hostnames enter a spec (each kind rebuilds its own). */
final class SpecSources {

    private SpecSources() {
    }

    static FaultSpec withSources(FaultSpec spec, List<Cidr> sources) {
        return Kinds.withTargeting(spec, spec.targeting().withSources(sources));
    }

    static List<Cidr> sources(FaultSpec spec) {
        return spec.targeting().sources();
    }
}
