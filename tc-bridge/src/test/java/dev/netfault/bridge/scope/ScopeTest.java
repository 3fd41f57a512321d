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
    void collapse_keepsOrderDropsCoveredEntriesAndDuplicates() {
        assertThat(Scope.collapse(cidrs("198.51.100.7", "198.51.100.0/24", "10.0.0.0/8", "198.51.100.0/24",
                "10.1.2.0/24", "2001:db8::1", "2001:db8::/32", "192.0.2.1")))
                .containsExactly(Cidr.parse("198.51.100.0/24"), Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"),
                        Cidr.parse("192.0.2.1"));
    }

    @Test
    void collapse_tenThousandDistinctHostsStayInOrder() {
        java.util.List<Cidr> hosts = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            hosts.add(Cidr.parse("198.18." + (i / 256) + "." + (i % 256)));
        }
        hosts.add(Cidr.parse("198.18.39.0/24")); // covers the last 16 hosts (i = 9984..9999)

        java.util.List<Cidr> out = Scope.collapse(hosts);
        assertThat(out).hasSize(9_985).startsWith(Cidr.parse("198.18.0.0/32")).endsWith(Cidr.parse("198.18.39.0/24"));
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
        assertThat(s.iptablesExpiry()).isEqualTo("2026-11-26T16:59:59"); // the second before: --datestop matches through it
        assertThat(s.nftExpiry()).isEqualTo("2026-11-26 17:00:00");
    }

    @Test
    void text_dropsTheFullPrefixOnly() {
        assertThat(Scope.text(Cidr.parse("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(Scope.text(Cidr.parse("2001:db8::/32"))).isEqualTo("2001:db8::/32");
        assertThat(Scope.text(Cidr.parse("::1"))).isEqualTo("::1");
    }
}
