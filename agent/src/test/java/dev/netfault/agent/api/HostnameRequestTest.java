package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.dns.Hostname;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.target.Cidr;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostnameRequestTest {

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void map_hostnamesSeparatedFromAddresses() {
        FaultRequest r = new LossRequestMapper(List.of()).map(json(
                "{\"LossPercent\":10,\"Sources\":[\"198.51.100.2\",\"DB.Internal.example\"]}"));
        assertThat(r.hostnames()).containsExactly(new Hostname("db.internal.example"));
        assertThat(((LossSpec) r.spec()).targeting().sources()).containsExactly(Cidr.parse("198.51.100.2"));
    }

    @Test
    void map_malformedAddressIsStillInvalid() {
        assertThatThrownBy(() -> new LossRequestMapper(List.of()).map(json(
                "{\"LossPercent\":10,\"Sources\":[\"198.51.100.300\"]}")))
                .hasMessage("invalid value 198.51.100.300 for parameter Sources");
    }

    @Test
    void prepare_withoutHostnameSupportAHostnameIsInvalid() {
        EcsRoutes routes = new EcsRoutes(new FakeFaultService(), List.of());
        assertThatThrownBy(() -> routes.prepare("network-packet-loss", "start",
                json("{\"LossPercent\":10,\"Sources\":[\"db.example\"]}")))
                .hasMessage("invalid value db.example for parameter Sources");
    }
}
