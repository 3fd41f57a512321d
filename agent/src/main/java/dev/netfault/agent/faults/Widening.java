package dev.netfault.agent.faults;

import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A spec of a kind that serves add-sources (latency, loss) with more sources and exemptions (add-sources): the union, first the running ones in their
 * order, then the new ones not there yet. Every other parameter stays as the fault started.
 */
final class Widening {

    private Widening() {
    }

    static FaultSpec of(FaultSpec spec, List<Cidr> sources, List<Cidr> exemptions) {
        if (!Kinds.of(spec).addSources()) {
            throw new UnsupportedFaultException(spec.kind() + ": add-sources is only for " + Kinds.addSourcesRoutes());
        }
        return Kinds.withTargeting(spec, widen(spec.targeting(), sources, exemptions));
    }

    private static Targeting widen(Targeting t, List<Cidr> sources, List<Cidr> exemptions) {
        // a fault on every address (no Sources) stays on every address: more sources add nothing to it
        List<Cidr> s = t.sources().isEmpty() ? t.sources() : union(t.sources(), sources);
        return t.withSources(s).withExemptions(union(t.exemptions(), exemptions));
    }

    private static List<Cidr> union(List<Cidr> a, List<Cidr> b) {
        LinkedHashSet<Cidr> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
