package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.e2e.AgentClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * add-sources on real netem: a running 100 ms latency fault on one destination gains a second destination and an
 * exemption through {@code POST /fault/v1/network-latency/add-sources}, added as u32 filters to the tree in place: the
 * first destination stays delayed throughout, the added one becomes delayed, the exempted one does not.
 */
class AddSourcesApiTest extends AgentTestBase {
    private static final String KIND = "network-latency";

    @Test
    void addSources_addedDestinationDelayedExemptionNotAndTheFirstStaysDelayed() throws InterruptedException {
        startOk(KIND, Map.of("DelayMilliseconds", 100, "JitterMilliseconds", 0,
                "Sources", List.of(GuestNetwork.SERVER_V4)));
        double before = median(GuestNetwork.OTHER_V4, 20) - baseline;

        AgentClient.Response add = agent.post("/fault/v1/" + KIND + "/add-sources", Map.of(
                "Sources", List.of(GuestNetwork.OTHER_V4, GuestNetwork.EXEMPT_V4 + "/32"),
                "SourcesToFilter", List.of(GuestNetwork.EXEMPT_V4)));
        double target = median(GuestNetwork.SERVER_V4, 30) - baseline;
        double added = median(GuestNetwork.OTHER_V4, 30) - baseline;
        double exempt = median(GuestNetwork.EXEMPT_V4, 30) - baseline;
        AgentClient.Response lossAdd = agent.post("/fault/v1/network-packet-loss/add-sources",
                Map.of("Sources", List.of(GuestNetwork.OTHER_V4)));
        System.out.printf("add-sources: %s; added median before %.2f ms, after: first target %.2f ms, added %.2f ms,"
                + " exempted %.2f ms; packet-loss add-sources: %s%n", add, before, target, added, exempt, lossAdd);

        assertThat(add.status()).as(add.toString()).isEqualTo(200);
        assertThat(before).isLessThan(2.0);
        assertThat(target).isBetween(98.0, 110.0);
        assertThat(added).isBetween(98.0, 110.0);
        assertThat(exempt).isLessThan(2.0);
        assertThat(lossAdd.status()).isEqualTo(404);
        assertThat(status(KIND)).isEqualTo("running");
        stopOk(KIND);
        assertBackToBaseline("add-sources stop");
    }
}
