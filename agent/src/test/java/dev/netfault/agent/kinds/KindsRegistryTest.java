package dev.netfault.agent.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.FaultPlanner;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.KindPlanner;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kinds.ALL is complete and consistent: one descriptor per tc-bridge planner, each naming only its own specs. */
class KindsRegistryTest {

    @Test
    void all_hasExactlyOneDescriptorPerPlannerKind() {
        for (KindPlanner<?> p : FaultPlanner.KINDS) {
            assertThat(Kinds.ALL.stream().filter(k -> k.spec().equals(p.spec())))
                    .as("agent descriptors of %s (add one to Kinds.ALL)", p.spec().getSimpleName()).hasSize(1);
        }
        assertThat(Kinds.ALL.stream().<Object>map(FaultKind::spec).toList())
                .containsExactlyInAnyOrderElementsOf(FaultPlanner.KINDS.stream().<Object>map(KindPlanner::spec).toList());
    }

    @Test
    void all_haveDistinctNamesAndRoutes() {
        assertThat(Kinds.ALL).extracting(FaultKind::name).doesNotHaveDuplicates();
        assertThat(Kinds.ALL).extracting(FaultKind::route).doesNotHaveDuplicates().allMatch(r -> r.matches("[a-z-]+"));
        for (FaultKind<?> k : Kinds.ALL) {
            assertThat(Kinds.byName(k.name())).containsSame(k);
            assertThat(Kinds.byRoute(k.route())).containsSame(k);
        }
        assertThat(Kinds.byName("nosuch")).isEmpty();
        assertThat(Kinds.byRoute("network-nosuch")).isEmpty();
    }

    @Test
    void healthSamples_areSpecsOfTheirKind_underDistinctLabels() {
        Set<String> labels = new HashSet<>();
        for (FaultKind<?> k : Kinds.ALL) {
            assertThat(k.healthSamples()).as(k.name()).isNotEmpty();
            assertThat(k.healthSamples().get(0).label()).isEqualTo(k.name());
            for (HealthSample s : k.healthSamples()) {
                assertThat(s.spec()).isInstanceOf(k.spec());
                assertThat(s.spec().kind()).isEqualTo(k.name());
                assertThat(Kinds.of(s.spec())).isSameAs(k);
                assertThat(s.label()).startsWith(k.name());
                assertThat(labels.add(s.label())).as("label %s once", s.label()).isTrue();
            }
        }
        assertThat(Kinds.healthSamples()).extracting(HealthSample::label).containsExactly("latency", "latency-ingress",
                "loss", "loss-burst", "loss-ingress", "blackhole", "blackhole-ingress", "impairment", "impairment-ingress",
                "bandwidth", "bandwidth-ingress");
    }

    @Test
    void withTargeting_changesOnlyTheTargeting() {
        List<Cidr> sources = List.of(Cidr.parse("198.51.100.7"));
        for (HealthSample s : Kinds.healthSamples()) {
            FaultSpec spec = s.spec();
            assertThat(Kinds.withTargeting(spec, spec.targeting())).isEqualTo(spec);
            Targeting other = spec.targeting().withSources(sources);
            FaultSpec moved = Kinds.withTargeting(spec, other);
            assertThat(moved.targeting()).isEqualTo(other);
            assertThat(Kinds.withTargeting(moved, spec.targeting())).isEqualTo(spec);
        }
    }

    @Test
    void instanceKey_presentExactlyForKeyedKinds() {
        for (HealthSample s : Kinds.healthSamples()) {
            FaultKind<?> k = Kinds.of(s.spec());
            assertThat(Kinds.instanceKey(s.spec()).isPresent()).as(s.label()).isEqualTo(k.keyed());
        }
        assertThat(Kinds.ALL.stream().filter(FaultKind::keyed)).extracting(FaultKind::name).containsExactly("blackhole");
    }

    @Test
    void of_specOfNoKind_isRefusedNamingIt() {
        FaultSpec stray = new FaultSpec() {
            @Override
            public String kind() {
                return "stray";
            }

            @Override
            public Targeting targeting() {
                return Targeting.all();
            }
        };
        assertThatThrownBy(() -> Kinds.of(stray)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(expected: " + Kinds.names() + ")");
        assertThat(Kinds.names()).isEqualTo(String.join(", ", Kinds.ALL.stream().map(FaultKind::name)
                .toList().subList(0, Kinds.ALL.size() - 1)) + " or " + Kinds.ALL.get(Kinds.ALL.size() - 1).name());
    }
}
