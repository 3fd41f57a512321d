package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.testing.ServedAgent;
import dev.netfault.agent.testing.ServedPair;
import dev.netfault.bridge.testing.Netns;
import dev.netfault.bridge.testing.NetnsPair;
import dev.netfault.bridge.testing.TrafficClient;
import dev.netfault.bridge.testing.TrafficProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code network-bandwidth} through {@code netfault serve --netns} and its HTTP API on real TCP (this kernel has no
 * sch_netem; tbf on an ifb): 2,000 kbit/s on one port holds within 10 %, another port is not shaped, stop gives the
 * full speed back and leaves nothing of netfault in tc, nft or the links; an ingress limit here is unleased (no
 * em_ipset), refused without {@code --allow-unleased} with the reason and run with it.
 */
@Tag("privileged")
class BandwidthPrivilegedTest {

    private static final int SHAPED = 5101;
    private static final int OTHER = 5102;
    private static final int SECONDS = 6;
    private static final long RATE = 2_000;

    @TempDir
    Path state;

    @RegisterExtension
    final ServedPair fixture = new ServedPair();

    @Test
    void egress2000OnOneTcpPort_within10Percent_otherPortFull_stopRestoresAndLeavesNothing() throws Exception {
        NetnsPair pair = fixture.create(NetnsPair.builder().prefix("nfgbw"));
        ServedAgent agent = fixture.serve(state);
        String start = "{\"RateKilobitsPerSecond\":" + RATE + ",\"Ports\":[" + SHAPED + "],\"Protocol\":\"tcp\","
                + "\"DurationSeconds\":300}";
        String before = snapshot(pair.a());

        assertThat(agent.post("network-bandwidth/start", start.replace("" + RATE, "7")))
                .isEqualTo("400 {\"Error\":\"RateKilobitsPerSecond: 7 (expected: 8-10000000)\"}");
        assertThat(agent.post("network-bandwidth/start", "{\"RateKilobitsPerSecond\":\"2mbit\"}")).isEqualTo("400 {\"Error\":"
                + "\"json: cannot unmarshal string into Go struct field NetworkBandwidthRequest.RateKilobitsPerSecond of type uint64\"}");
        assertThat(agent.post("network-bandwidth/status", "")).isEqualTo("200 {\"Status\":\"not-running\"}");
        assertThat(snapshot(pair.a())).isEqualTo(before);

        double full = goodput("no limit, port " + SHAPED, pair.a(), pair.b(), SHAPED);
        assertThat(agent.post("network-bandwidth/start", start)).isEqualTo("200 {\"Status\":\"running\"}");
        assertThat(agent.post("network-bandwidth/status", "")).isEqualTo("200 {\"Status\":\"running\"}");
        assertThat(agent.post("network-bandwidth/start", start))
                .isEqualTo("409 {\"Error\":\"There is already one network bandwidth fault running\"}");
        assertThat(agent.get("/faults")).startsWith("200 ").contains("\"type\":\"bandwidth\"",
                "\"RateKilobitsPerSecond\":2000", "\"Ports\":[" + SHAPED + "],\"Protocol\":\"tcp\"");
        assertThat(journalText()).contains("\"rateKbit\" : 2000", "\"burstKbytes\" : 0");

        double shaped = goodput("egress 2000 kbit/s via the API, port " + SHAPED, pair.a(), pair.b(), SHAPED);
        double other = goodput("egress 2000 kbit/s via the API, other port " + OTHER, pair.a(), pair.b(), OTHER);
        assertThat(shaped).isBetween(RATE * 0.9, RATE * 1.1);
        assertThat(other).isGreaterThan(20.0 * RATE);

        assertThat(agent.post("network-bandwidth/stop", "")).isEqualTo("200 {\"Status\":\"stopped\"}");
        assertThat(agent.post("network-bandwidth/status", "")).isEqualTo("200 {\"Status\":\"not-running\"}");
        double after = goodput("after stop, port " + SHAPED, pair.a(), pair.b(), SHAPED);
        assertThat(after).isGreaterThan(20.0 * RATE);
        System.out.println("MEASURED egress via the API: before " + Math.round(full) + ", during " + Math.round(shaped)
                + " (other port " + Math.round(other) + "), after " + Math.round(after) + " kbit/s");
        assertThat(snapshot(pair.a())).isEqualTo(before);
    }

    @Test
    void ingress_refusedUnleasedWithoutTheFlag_runsWithIt_within10Percent() throws Exception {
        NetnsPair pair = fixture.create(NetnsPair.builder().prefix("nfgbi"));
        String start = "{\"RateKilobitsPerSecond\":" + RATE + ",\"TrafficType\":\"ingress\",\"Ports\":[" + SHAPED + "],"
                + "\"Protocol\":\"tcp\",\"DurationSeconds\":300}";
        String before = snapshot(pair.a());
        ServedAgent agent = fixture.serve(state);
        String health = agent.get("/healthz");
        assertThat(health).contains("\"bandwidth\"", "\"bandwidth-ingress\"",
                "nftables netdev egress mark + tc clsact bpf redirect to ifb + tbf");

        String refused = agent.post("network-bandwidth/start", start);
        System.out.println("MEASURED ingress without --allow-unleased: " + refused);
        assertThat(refused).startsWith("400 {\"Error\":\"bandwidth would not be held by a kernel lease here: ")
                .contains("Start the agent with --allow-unleased to run it anyway");
        assertThat(snapshot(pair.a())).isEqualTo(before);
        agent.close();

        agent = fixture.serve(Files.createDirectories(state.resolve("unleased")), List.of("--allow-unleased"));
        String started = agent.post("network-bandwidth/start", start);
        assertThat(started).startsWith("200 {");
        var answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(started.substring(4));
        assertThat(answer.path("Status").asText()).isEqualTo("running");
        assertThat(answer.path("Unleased").asText()).startsWith("an ingress bandwidth limit is a tc redirect");
        double shaped = goodput("ingress 2000 kbit/s via the API, port " + SHAPED, pair.b(), pair.a(), SHAPED);
        double other = goodput("ingress 2000 kbit/s via the API, other port " + OTHER, pair.b(), pair.a(), OTHER);
        assertThat(shaped).isBetween(RATE * 0.9, RATE * 1.1);
        assertThat(other).isGreaterThan(20.0 * RATE);
        assertThat(agent.post("network-bandwidth/stop", "")).isEqualTo("200 {\"Status\":\"stopped\"}");
        assertThat(goodput("ingress after stop, port " + SHAPED, pair.b(), pair.a(), SHAPED)).isGreaterThan(20.0 * RATE);
        assertThat(snapshot(pair.a())).isEqualTo(before);
    }

    /** tc qdiscs and filters of every link, the nft ruleset and the links of {@code ns}, to compare before and after. */
    private static String snapshot(Netns ns) throws Exception {
        StringBuilder s = new StringBuilder(ns.exec("ip", "-o", "link", "show").replaceAll("link/\\S+ \\S+", ""));
        s.append(ns.exec("tc", "qdisc", "show")).append(ns.exec("nft", "list", "ruleset"));
        for (String dev : List.of("lo", pair(ns))) {
            s.append(ns.exec("tc", "filter", "show", "dev", dev, "ingress"));
        }
        return s.toString().replaceAll("[ \\t]+\\n", "\n");
    }

    private static String pair(Netns ns) throws Exception {
        for (String line : ns.exec("ip", "-o", "link", "show").split("\n")) {
            String name = line.split(": ")[1].split("@")[0];
            if (!name.equals("lo")) {
                return name;
            }
        }
        throw new AssertionError("no veth in " + ns.name());
    }

    private String journalText() throws Exception {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json")).toList()) {
                out.append(Files.readString(f));
            }
        }
        return out.toString();
    }

    /** TCP goodput in kbit/s from {@code from} to {@code to}'s {@code port}, measured by the receiver. */
    private static double goodput(String what, Netns from, Netns to, int port) throws InterruptedException {
        String host = to.name().endsWith("a") ? NetnsPair.A_IPV4 : NetnsPair.B_IPV4;
        try (TrafficProcess sink = TrafficClient.in(to).tcpSink(port)) {
            long sent = TrafficClient.in(from).tcpBlast(host, port, SECONDS);
            String line = sink.awaitLine("goodput ", Duration.ofSeconds(30));
            double kbit = Double.parseDouble(line.split(" ")[1]);
            System.out.println("MEASURED " + what + ": " + Math.round(kbit) + " kbit/s (" + line + ", sent " + sent + ")");
            return kbit;
        }
    }
}
