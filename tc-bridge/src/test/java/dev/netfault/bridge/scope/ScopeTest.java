package dev.netfault.bridge.scope;

import static dev.netfault.bridge.testing.Fixtures.CONTEXT;
import static dev.netfault.bridge.testing.Fixtures.cidrs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void of_splitsByFamilyAndCollapsesNestedEntries() {
        Scope s = Scope.of(Targeting.all().withSources(cidrs("198.51.100.7", "2001:db8::1", "198.51.100.0/24", "198.51.100.0/24"))
                .withExemptions(cidrs("127.0.0.1", "198.51.100.9")), CONTEXT);

        assertThat(s.sources4()).containsExactlyElementsOf(cidrs("198.51.100.0/24"));
        assertThat(s.sources6()).containsExactlyElementsOf(cidrs("2001:db8::1"));
        assertThat(s.exempt4()).containsExactlyElementsOf(cidrs("169.254.170.2", "169.254.169.254", "127.0.0.0/8", "198.51.100.9"));
        assertThat(s.exempt6()).containsExactlyElementsOf(cidrs("fd00:ec2::254", "fd00:ec2::23", "::1"));
        assertThat(s.ipv4()).isTrue();
        assertThat(s.ipv6()).isTrue();
        assertThat(s.allAddresses()).isFalse();
    }

    @Test
    void of_noSourcesMeansBothFamilies() {
        Scope s = Scope.of(Targeting.all(), CONTEXT);
        assertThat(s.allAddresses()).isTrue();
        assertThat(s.ipv4()).isTrue();
        assertThat(s.ipv6()).isTrue();
        Scope v6 = Scope.of(Targeting.all().withSources(cidrs("2001:db8::/32")), CONTEXT);
        assertThat(v6.ipv4()).isFalse();
        assertThat(v6.ipv6()).isTrue();
    }

    @Test
    void expiry_isUtcInBothToolFormats() {
        Scope s = Scope.of(Targeting.all(), CONTEXT);
        assertThat(s.iptablesExpiry()).isEqualTo("2026-11-26T17:00:00");
        assertThat(s.nftExpiry()).isEqualTo("2026-11-26 17:00:00");
    }

    @Test
    void text_dropsTheFullPrefixOnly() {
        assertThat(Scope.text(Cidr.parse("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(Scope.text(Cidr.parse("2001:db8::/32"))).isEqualTo("2001:db8::/32");
        assertThat(Scope.text(Cidr.parse("::1"))).isEqualTo("::1");
    }
}
