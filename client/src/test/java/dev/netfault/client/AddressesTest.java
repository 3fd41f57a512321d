package dev.netfault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's copy of the agent's address rules (Go's {@code net.ParseIP} / {@code net.ParseCIDR}), exactly. */
class AddressesTest {

    @Test
    void isCidr_followsGoParsing() {
        assertThat(List.of("198.51.100.7", "198.51.100.0/24", "198.51.100.0/024", "0.0.0.0/0", "2001:db8::1",
                "2001:db8::/32", "::", "::ffff:198.51.100.1", "::ffff:198.51.100.1/32", "1:2:3:4:5:6:7::",
                "1:2:3:4:5:6:198.51.100.1", "::198.51.100.1")).allMatch(Addresses::isCidr);
        assertThat(List.of(" 198.51.100.8 ", "198.51.100.08", "198.51.100.300", "1.2.3", "1.2.3.4.", "198.51.100.0/",
                "198.51.100.0/33", "198.51.100.0/0x", "2001:db8:::1", "2001:db8::/129", "fe80::1%eth0",
                "1:2:3:4:5:198.51.100.1", "12345::1", ":1::", "1::2::3", "::ffff:198.51.100.1/64", ""))
                .noneMatch(Addresses::isCidr);
    }

    @Test
    void sources_refuseASpacedAddressWhole() {
        assertThatThrownBy(() -> Addresses.cidrs(List.of("198.51.100.7", " 198.51.100.8 "), "SourcesToFilter"))
                .hasMessage("invalid value  198.51.100.8  for parameter SourcesToFilter");
        String long200 = "x".repeat(200);
        assertThatThrownBy(() -> Addresses.sources(List.of(long200), "Sources"))
                .hasMessage("invalid value " + long200 + " for parameter Sources");
        assertThat(Addresses.sources(List.of("db.example.com.", "198.51.100.0/24"), "Sources")).hasSize(2);
    }

    @Test
    void flowsPercent_isSignedAndSpelledAsTheAgentSpellsIt() {
        assertThatThrownBy(() -> PacketLossFault.builder().flowsPercent(-1).sources("198.51.100.7").build())
                .hasMessage("required parameter LossPercent is missing");
        assertThatThrownBy(() -> LatencyFault.builder().delayMillis(5).flowsPercent(0).sources("198.51.100.7").build())
                .hasMessage("invalid value 0 for parameter flowsPercent");
        assertThatThrownBy(() -> BlackholeFault.port(0).sourcesToFilter(" 198.51.100.8 ").build())
                .hasMessage("invalid value  198.51.100.8  for parameter SourcesToFilter");
    }
}
