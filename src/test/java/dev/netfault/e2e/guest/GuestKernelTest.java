package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The lane's own check: the guest kernel really has what the latency and netem-loss plans need (netem under a prio
 * root, u32 filters), proven on traffic between two namespaces with tc driven directly. The fault tests drive
 * everything through the agent instead.
 */
@Tag("guest")
class GuestKernelTest {

    @Test
    void netem_delaysTrafficInGuestKernel() throws Exception {
        GuestAssumptions.assumeNetem();
        try (NetnsPair pair = GuestNetwork.create()) {
            Netns client = pair.a();
            double baseline = Ping.run(client, GuestNetwork.SERVER_V4, 10, "0.02").median();
            client.exec("tc", "qdisc", "add", "dev", client.iface(), "root", "handle", "1:", "prio");
            client.exec("tc", "qdisc", "add", "dev", client.iface(), "parent", "1:3", "handle", "30:",
                    "netem", "delay", "100ms");
            client.exec("tc", "filter", "add", "dev", client.iface(), "parent", "1:0", "protocol", "ip",
                    "prio", "1", "u32", "match", "ip", "dst", GuestNetwork.SERVER_V4 + "/32", "flowid", "1:3");

            JsonNode qdiscs = new ObjectMapper().readTree(GuestNetwork.qdiscs(client));
            assertThat(qdiscs.findValuesAsText("kind")).contains("prio", "netem");

            double delayed = Ping.run(client, GuestNetwork.SERVER_V4, 30, "0.02").median();
            double other = Ping.run(client, GuestNetwork.OTHER_V4, 30, "0.02").median();
            System.out.printf("guest kernel: netem 100 ms under prio + u32: baseline %.2f ms, filtered destination"
                    + " %.2f ms, other destination %.2f ms%n", baseline, delayed, other);
            // The lane's self-check; the +-2 ms precision claim is LatencyApiTest's, through the agent.
            assertThat(delayed - baseline).isBetween(97.0, 105.0);
            assertThat(other).isLessThan(baseline + 10);
        }
    }
}
