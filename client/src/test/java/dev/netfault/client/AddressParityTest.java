package dev.netfault.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.api.BlackholeRequestMapper;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The client's address rules against the agent's, on random near-addresses (digits, hex, ':', '.', '/', '%', space):
 * an entry the client takes for SourcesToFilter is one the agent takes, and a refusal reads the same.
 */
class AddressParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlackholeRequestMapper agent = new BlackholeRequestMapper(List.of());

    @Property(tries = 3000)
    void sourcesToFilter_clientAndAgentAgree(@ForAll("nearAddress") String entry) throws Exception {
        byte[] body = JSON.writeValueAsBytes(Map.of("Port", 443, "Protocol", "tcp", "TrafficType", "egress",
                "SourcesToFilter", List.of(entry)));
        assertThat(outcome(() -> BlackholeFault.port(443).sourcesToFilter(entry).build()))
                .as("SourcesToFilter [%s]", entry).isEqualTo(outcome(() -> agent.map(body)));
    }

    private static String outcome(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Provide
    Arbitrary<String> nearAddress() {
        Arbitrary<String> v4 = Arbitraries.of("0", "1", "01", "9", "255", "256", "198", "51", "100", "007", "")
                .list().ofMinSize(2).ofMaxSize(5).map(parts -> String.join(".", parts));
        Arbitrary<String> v6 = Arbitraries.of("", "0", "db8", "2001", "ffff", "FFFF", "12345", "1", "198.51.100.1", "0:0")
                .list().ofMinSize(1).ofMaxSize(9).map(parts -> String.join(":", parts));
        Arbitrary<String> address = Arbitraries.oneOf(v4, v6, Arbitraries.strings().withChars("0123456789abcdef:.%/ ")
                .ofMaxLength(20));
        Arbitrary<String> prefix = Arbitraries.of("", "/", "/0", "/24", "/024", "/32", "/33", "/64", "/128", "/129",
                "/0x", "/ 8", "/99999999");
        Arbitrary<String> pad = Arbitraries.of("", "", "", " ", "%eth0");
        return net.jqwik.api.Combinators.combine(address, prefix, pad).as((a, p, z) -> a + z + p);
    }
}
