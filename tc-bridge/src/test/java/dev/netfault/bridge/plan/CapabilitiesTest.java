package dev.netfault.bridge.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    @Test
    void full_hasEveryFeatureAndNoReason() {
        Capabilities full = Capabilities.full();

        assertThat(full.present()).isEqualTo(EnumSet.allOf(Feature.class));
        assertThat(full.missingReasons()).isEmpty();
        assertThat(full.iptablesBackend()).isEqualTo("nf_tables");
    }

    @Test
    void withoutNetem_lacksNetemAndPrioInTheKernelsWords() {
        Capabilities c = Capabilities.withoutNetem();

        assertThat(c.present()).isEqualTo(EnumSet.complementOf(EnumSet.of(Feature.NETEM, Feature.PRIO)));
        assertThat(c.reason(Feature.NETEM)).isEqualTo("Error: Specified qdisc kind is unknown.");
        assertThat(c.reason(Feature.PRIO)).isEqualTo("Error: Specified qdisc kind is unknown.");
        assertThat(c.has(Feature.HTB)).isTrue();
    }

    @Test
    void withAndWithout_switchOneFeatureAndItsReason() {
        Capabilities noIpset = Capabilities.full().without(Feature.IPSET, "ipset not found on PATH");

        assertThat(noIpset.has(Feature.IPSET)).isFalse();
        assertThat(noIpset.reason(Feature.IPSET)).isEqualTo("ipset not found on PATH");
        assertThat(noIpset.with(Feature.IPSET)).isEqualTo(Capabilities.full());
    }

    @Test
    void reason_withoutOneFromTheProbeIsGeneric() {
        Capabilities none = new Capabilities(Set.of(), Map.of(), "none");

        assertThat(none.has(Feature.U32)).isFalse();
        assertThat(none.reason(Feature.U32)).isEqualTo("not available in this namespace");
    }

    @Test
    void constructor_refusesAReasonForAPresentFeature() {
        assertThatThrownBy(() -> new Capabilities(Set.of(Feature.NETEM), Map.of(Feature.NETEM, "gone"), "nf_tables"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("missingReasons: sch_netem is present");
    }
}
