package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.HealthSample;
import dev.netfault.agent.kinds.Kinds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind in Kinds.ALL is served on its ECS routes, through exactly one body mapper; no mapper lacks a kind. */
class KindRoutesTest {

    private final EcsMappers mappers = new EcsMappers(List.of(), false);

    @Test
    void known_everyKindsRoutes() {
        for (FaultKind<?> k : Kinds.ALL) {
            for (String op : List.of("start", "stop", "status")) {
                assertThat(EcsRoutes.known(k.route(), op)).as("%s/%s", k.route(), op).isTrue();
            }
            assertThat(EcsRoutes.known(k.route(), "add-sources")).as(k.route()).isEqualTo(k.addSources());
            assertThat(EcsRoutes.known(k.route(), "restart")).isFalse();
        }
        assertThat(EcsRoutes.known("network-nosuch", "start")).isFalse();
    }

    @Test
    void mappers_oneForEveryKind_andNoOther() {
        for (FaultKind<?> k : Kinds.ALL) {
            assertThat(mappers.of(k)).as("the ECS body mapper of %s (add one to EcsMappers)", k.name())
                    .hasValueSatisfying(m -> assertThat(m.spec()).isEqualTo(k.spec()));
        }
        assertThat(mappers.specs().stream().<Object>map(c -> c).toList()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Kinds.ALL.stream().<Object>map(FaultKind::spec).toList());
    }

    @Test
    void parameters_everyKindsSamples_nameTheirOwnFields() {
        for (HealthSample s : Kinds.healthSamples()) {
            assertThat(FaultJson.parameters(s.spec())).as(s.label())
                    .containsEntry("TrafficType", s.spec().targeting().direction().wire())
                    .containsKey("Sources").containsKey("SourcesToFilter");
        }
    }
}
