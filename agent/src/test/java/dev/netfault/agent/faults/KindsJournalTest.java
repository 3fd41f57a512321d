package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.HealthSample;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.FaultSpec;
import org.junit.jupiter.api.Test;

/** A journal entry of every kind in Kinds.ALL round-trips, with each kind's own fields and the shared targeting. */
class KindsJournalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writeRead_everyKindsSamples_roundTrip() throws Exception {
        int n = 0;
        for (FaultKind<?> k : Kinds.ALL) {
            for (HealthSample s : k.healthSamples()) {
                FaultSpec spec = s.spec();
                for (FaultSpec variant : new FaultSpec[] {spec, Kinds.withTargeting(spec, JournalTest.FULL
                        .withDirection(spec.targeting().direction()).withFlowsPercent(spec.targeting().flowsPercent()))}) {
                    JournalEntry e = JournalTest.entry(String.format("%08x", ++n), variant);
                    String text = JSON.writeValueAsString(JournalCodec.write(e));

                    JournalEntry back = JournalCodec.read(JSON.readTree(text));

                    assertThat(back).as(s.label()).isEqualTo(e);
                    assertThat(back.key()).isEqualTo(FaultKey.of(variant));
                    assertThat(JSON.readTree(text).get("kind").asText()).isEqualTo(k.name());
                    assertThat(JSON.readTree(text).get("spec").get("kind").asText()).isEqualTo(k.name());
                }
            }
        }
        assertThat(n).isEqualTo(2 * Kinds.healthSamples().size());
    }
}
