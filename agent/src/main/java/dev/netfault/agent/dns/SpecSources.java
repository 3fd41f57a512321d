package dev.netfault.agent.dns;

import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import java.util.List;

/** The same fault with other {@code Sources}: how resolved hostnames enter a spec. */
final class SpecSources {

    private SpecSources() {
    }

    static FaultSpec withSources(FaultSpec spec, List<Cidr> sources) {
        if (spec instanceof LatencySpec l) {
            return new LatencySpec(l.delayMs(), l.jitterMs(), l.correlationPercent(), l.distribution(),
                    l.targeting().withSources(sources));
        }
        if (spec instanceof LossSpec l) {
            return new LossSpec(l.lossPercent(), l.model(), l.meanBurstPackets(), l.targeting().withSources(sources));
        }
        if (spec instanceof BlackholeSpec b) {
            return new BlackholeSpec(b.port(), b.protocol(), b.direction(), b.targeting().withSources(sources));
        }
        throw new IllegalArgumentException("spec: " + spec.kind() + " (expected: latency, loss or blackhole)");
    }

    static List<Cidr> sources(FaultSpec spec) {
        if (spec instanceof LatencySpec l) {
            return l.targeting().sources();
        }
        if (spec instanceof LossSpec l) {
            return l.targeting().sources();
        }
        if (spec instanceof BlackholeSpec b) {
            return b.targeting().sources();
        }
        return List.of();
    }
}
