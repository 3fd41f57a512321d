package dev.netfault.agent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.faults.ConflictException;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.faults.NotRunningException;
import dev.netfault.agent.faults.RateLimitedException;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.bandwidth.BandwidthSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlatformEnforcerTest {

    private static final Instant EXPIRES = Instant.parse("2026-11-26T16:00:00Z");
    private FakePlatform platform;
    private PlatformEnforcer enforcer;

    @BeforeEach
    void setUp() throws Exception {
        platform = new FakePlatform();
        enforcer = new PlatformEnforcer(new PlatformClient(platform.base()), new PlatformRequests(List.of()),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)), new Health("platform", "test", Map.of(), Map.of()));
    }

    @AfterEach
    void tearDown() {
        platform.close();
    }

    private static Targeting to(String... cidrs) {
        return Targeting.all().withSources(List.of(cidrs).stream().map(Cidr::parse).toList());
    }

    @Test
    void extend_forwardsOnlyTheNewEntriesSixteenAtATime() throws Exception {
        LossSpec before = LossSpec.random(7, to("198.51.100.2"));
        AppliedFault f = enforcer.prepare(new FaultId("0000000b"), before, EXPIRES);
        enforcer.apply(f);
        List<String> more = new java.util.ArrayList<>(List.of("198.51.100.2/32"));
        for (int i = 10; i < 27; i++) {
            more.add("198.51.100." + i);
        }
        LossSpec widened = LossSpec.random(7, to(more.toArray(String[]::new))
                .withExemptions(List.of(Cidr.parse("198.51.100.99"))));

        AppliedFault next = enforcer.extend(f, widened, EXPIRES);

        List<FakePlatform.Received> adds = platform.received().stream()
                .filter(r -> r.route().endsWith("/add-sources")).toList();
        assertThat(adds).extracting(FakePlatform.Received::route)
                .containsExactly("/fault/v1/network-packet-loss/add-sources", "/fault/v1/network-packet-loss/add-sources");
        assertThat(adds.get(0).body()).startsWith("{\"Sources\":[\"198.51.100.10/32\",").endsWith("\"198.51.100.25/32\"]}");
        assertThat(adds.get(1).body()).isEqualTo("{\"Sources\":[\"198.51.100.26/32\"],\"SourcesToFilter\":[\"198.51.100.99/32\"]}");
        assertThat(next.apply().get(0).stdin()).contains("198.51.100.26/32");
    }

    @Test
    void extend_aPlatformWithoutTheRouteCannotAndItsOwnNotRunningIsPassedOn() throws Exception {
        AppliedFault f = enforcer.prepare(new FaultId("0000000c"), LossSpec.random(7, to("198.51.100.2")), EXPIRES);
        enforcer.apply(f);
        LossSpec widened = LossSpec.random(7, to("198.51.100.2", "198.51.100.3"));

        platform.addSourcesRoute = false;
        assertThatThrownBy(() -> enforcer.extend(f, widened, EXPIRES)).isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("the platform has no /fault/v1/network-packet-loss/add-sources route (404 404 page not found)");

        platform.addSourcesRoute = true;
        enforcer.revert(f);
        assertThatThrownBy(() -> enforcer.extend(f, widened, EXPIRES)).isInstanceOf(NotRunningException.class)
                .hasMessage("no network-packet-loss fault is currently running for the task");
    }

    @Test
    void apply_latencySendsExactlyTheEcsFields() throws Exception {
        Targeting t = to("198.51.100.2/32", "2001:db8::/32").withExemptions(List.of(Cidr.parse("198.51.100.9")))
                .withFlowsPercent(50);
        AppliedFault f = enforcer.prepare(new FaultId("0000000a"), new LatencySpec(200, 10, 0, Distribution.NONE, t), EXPIRES);
        enforcer.apply(f);
        assertThat(platform.received()).singleElement().satisfies(r -> {
            assertThat(r.route()).isEqualTo("/fault/v1/network-latency/start");
            assertThat(r.body()).isEqualTo("{\"DelayMilliseconds\":200,\"JitterMilliseconds\":10,"
                    + "\"Sources\":[\"198.51.100.2/32\",\"2001:db8::/32\"],\"SourcesToFilter\":[\"198.51.100.9/32\"],"
                    + "\"FlowsPercent\":50}");
        });
        assertThat(f.mechanism()).isEqualTo(PlatformEnforcer.MECHANISM);
        assertThat(enforcer.isPresent(f)).isTrue();
    }

    @Test
    void apply_lossAndBlackholeBodiesAndStops() throws Exception {
        AppliedFault loss = enforcer.prepare(new FaultId("0000000b"), LossSpec.random(30, to("198.51.100.2")), EXPIRES);
        AppliedFault bh = enforcer.prepare(new FaultId("0000000c"), new BlackholeSpec(8080, Protocol.UDP, Direction.INGRESS,
                Targeting.all().withExemptions(List.of(Cidr.parse("198.51.100.7")))), EXPIRES);
        enforcer.apply(loss);
        enforcer.apply(bh);
        enforcer.revert(loss);
        enforcer.revert(bh);
        assertThat(platform.received()).extracting(r -> r.route() + " " + r.body()).containsExactly(
                "/fault/v1/network-packet-loss/start {\"LossPercent\":30,\"Sources\":[\"198.51.100.2/32\"]}",
                "/fault/v1/network-blackhole-port/start {\"Port\":8080,\"Protocol\":\"udp\",\"TrafficType\":\"ingress\","
                        + "\"SourcesToFilter\":[\"198.51.100.7/32\"]}",
                "/fault/v1/network-packet-loss/stop ",
                "/fault/v1/network-blackhole-port/stop {\"Port\":8080,\"Protocol\":\"udp\",\"TrafficType\":\"ingress\"}");
        assertThat(enforcer.isPresent(bh)).isFalse();
    }

    @Test
    void prepare_platformAddressJoinsSourcesToFilter() throws Exception {
        PlatformEnforcer e = new PlatformEnforcer(new PlatformClient(platform.base()),
                new PlatformRequests(List.of(Cidr.parse("169.254.170.2"))), Backoff.DEFAULT,
                new Health("platform", "test", Map.of(), Map.of()));
        AppliedFault f = e.prepare(new FaultId("0000000d"), LossSpec.random(5, Targeting.all()), EXPIRES);
        assertThat(f.apply().get(0).stdin())
                .isEqualTo("{\"LossPercent\":5,\"Sources\":[\"0.0.0.0/0\"],\"SourcesToFilter\":[\"169.254.170.2/32\"]}");
    }

    @Test
    void prepare_unsupportedOptionsAreRefusedWithTheReason() {
        FaultId id = new FaultId("0000000e");
        Targeting t = to("198.51.100.2");
        assertThatThrownBy(() -> enforcer.prepare(id, new LatencySpec(100, 0, 0, Distribution.NONE,
                t.withDirection(Direction.INGRESS)), EXPIRES)).isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("TrafficType: 'ingress' is not supported in platform mode (the ECS agent's endpoints have no ingress latency)");
        assertThatThrownBy(() -> enforcer.prepare(id, new LatencySpec(100, 10, 25, Distribution.NONE, t), EXPIRES))
                .hasMessage("CorrelationPercent: 25 is not supported in platform mode (the ECS agent's endpoints have no CorrelationPercent)");
        assertThatThrownBy(() -> enforcer.prepare(id, new LatencySpec(100, 10, 0, Distribution.PARETO, t), EXPIRES))
                .hasMessage("Distribution: 'pareto' is not supported in platform mode (the ECS agent's endpoints have no Distribution)");
        assertThatThrownBy(() -> enforcer.prepare(id, new LossSpec(10, LossModel.BURST, 3, t), EXPIRES))
                .hasMessage("LossModel: 'burst' is not supported in platform mode (the ECS agent's endpoints have no burst loss)");
        assertThatThrownBy(() -> enforcer.prepare(id, LossSpec.random(10, t.withInterface(new InterfaceName("eth1"))), EXPIRES))
                .hasMessage("Interface: 'eth1' is not supported in platform mode (the ECS agent's endpoints have no Interface)");
        assertThatThrownBy(() -> enforcer.prepare(id, new BlackholeSpec(80, Protocol.TCP, Direction.EGRESS, t), EXPIRES))
                .hasMessageStartingWith("Sources on a blackhole is not supported in platform mode");
        assertThat(platform.received()).isEmpty();
    }

    @Test
    void prepare_portsAndProtocolAreRefusedAndNothingIsForwarded() {
        FaultId id = new FaultId("00000010");
        Targeting t = to("198.51.100.2");
        assertThatThrownBy(() -> enforcer.prepare(id, LossSpec.random(20, t.withPorts(List.of(9001))
                .withProtocol(Protocol.UDP)), EXPIRES)).isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("Ports and Protocol are netfault extensions; the platform's fault endpoints cannot target by port"
                        + " (Ports: [9001], Protocol: 'udp')");
        assertThatThrownBy(() -> enforcer.prepare(id, new LatencySpec(100, 0, 0, Distribution.NONE,
                t.withPorts(List.of(5432, 5433))), EXPIRES)).isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("Ports and Protocol are netfault extensions; the platform's fault endpoints cannot target by port"
                        + " (Ports: [5432, 5433])");
        assertThatThrownBy(() -> enforcer.prepare(id, new LatencySpec(100, 0, 0, Distribution.NONE,
                t.withProtocol(Protocol.TCP)), EXPIRES))
                .hasMessageEndingWith("cannot target by port (Protocol: 'tcp')");
        assertThat(platform.received()).isEmpty();
    }

    @Test
    void prepare_bandwidthIsANetfaultExtension_refusedAndNothingIsForwarded() {
        assertThatThrownBy(() -> enforcer.prepare(new FaultId("00000011"), new BandwidthSpec(2_000, 0, to("198.51.100.2")),
                EXPIRES)).isInstanceOf(UnsupportedFaultException.class)
                .hasMessage("network-bandwidth is a netfault extension; not supported in platform mode"
                        + " (the ECS agent's endpoints have no bandwidth fault)");
        assertThat(platform.received()).isEmpty();
        assertThat(PlatformHealth.of("test").unsupported()).containsEntry("bandwidth",
                "not supported in platform mode (the ECS agent's endpoints have no bandwidth fault)")
                .containsEntry("bandwidth-ingress", "not supported in platform mode (the ECS agent's endpoints have no bandwidth fault)");
    }

    @Test
    void revert_retries429UntilTheStopLands() throws Exception {
        AppliedFault f = enforcer.prepare(new FaultId("0000000f"), LossSpec.random(30, to("198.51.100.2")), EXPIRES);
        enforcer.apply(f);
        platform.script("/fault/v1/network-packet-loss/stop", 429, 429, 503, 429);
        enforcer.revert(f);
        assertThat(platform.routes()).containsExactly("/fault/v1/network-packet-loss/start",
                "/fault/v1/network-packet-loss/stop", "/fault/v1/network-packet-loss/stop", "/fault/v1/network-packet-loss/stop",
                "/fault/v1/network-packet-loss/stop", "/fault/v1/network-packet-loss/stop");
        assertThat(platform.isRunning("/fault/v1/network-packet-loss")).isFalse();
    }

    @Test
    void revert_honoursRetryAfter() throws Exception {
        AppliedFault f = enforcer.prepare(new FaultId("00000010"), LossSpec.random(30, to("198.51.100.2")), EXPIRES);
        platform.retryAfter = "1";
        platform.script("/fault/v1/network-packet-loss/stop", 429);
        long t0 = System.nanoTime();
        enforcer.revert(f);
        List<FakePlatform.Received> r = platform.received();
        assertThat(r).hasSize(2);
        assertThat(Duration.ofNanos(r.get(1).atNanos() - r.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void revert_interruptEndsTheRetries() throws Exception {
        AppliedFault f = enforcer.prepare(new FaultId("00000011"), LossSpec.random(30, to("198.51.100.2")), EXPIRES);
        platform.script("/fault/v1/network-packet-loss/stop", 429, 429, 429, 429, 429, 429, 429, 429, 429, 429, 429, 429);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> enforcer.revert(f)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void apply_429BeyondTheBudgetIsAnswered429() throws Exception {
        AppliedFault f = enforcer.prepare(new FaultId("00000012"), LossSpec.random(30, to("198.51.100.2")), EXPIRES);
        platform.retryAfter = "5";
        platform.script("/fault/v1/network-packet-loss/start", 429);
        assertThatThrownBy(() -> enforcer.apply(f)).isInstanceOf(RateLimitedException.class)
                .hasMessage("You have reached maximum request limit");
        assertThat(platform.routes()).containsExactly("/fault/v1/network-packet-loss/start");
    }

    @Test
    void apply_short429IsRetriedAnd409IsAConflict() throws Exception {
        AppliedFault f = enforcer.prepare(new FaultId("00000013"), LossSpec.random(30, to("198.51.100.2")), EXPIRES);
        platform.script("/fault/v1/network-packet-loss/start", 429, 409);
        assertThatThrownBy(() -> enforcer.apply(f)).isInstanceOf(ConflictException.class).hasMessage("scripted 409");
        assertThat(platform.routes()).hasSize(2);
    }

    @Test
    void isPresent_rateLimitedStatusAnswersTheLastKnown() throws Exception {
        AppliedFault f = enforcer.prepare(new FaultId("00000014"), LossSpec.random(30, to("198.51.100.2")), EXPIRES);
        enforcer.apply(f);
        platform.script("/fault/v1/network-packet-loss/status", 429);
        assertThat(enforcer.isPresent(f)).isTrue();
        assertThat(platform.routes()).containsExactly("/fault/v1/network-packet-loss/start", "/fault/v1/network-packet-loss/status");
    }

    @Test
    void sweep_stopsUnownedPlatformFaultsOnly() throws Exception {
        AppliedFault owned = enforcer.prepare(new FaultId("00000015"), LossSpec.random(30, to("198.51.100.2")), EXPIRES);
        platform.setRunning("/fault/v1/network-latency");
        platform.setRunning("/fault/v1/network-packet-loss");
        platform.script("/fault/v1/network-latency/status", 429);
        List<String> removed = enforcer.sweep(List.of(owned));
        assertThat(removed).containsExactly("platform latency fault (no live journal entry owns it): stop network-latency");
        assertThat(platform.routes()).containsExactly("/fault/v1/network-latency/status", "/fault/v1/network-latency/status",
                "/fault/v1/network-latency/stop");
        assertThat(platform.isRunning("/fault/v1/network-packet-loss")).isTrue();
    }

    @Test
    void sweep_unreachablePlatformGivesUpAfterItsPatience() throws Exception {
        PlatformCalls calls = new PlatformCalls(new PlatformClient(java.net.URI.create("http://127.0.0.1:1/api/x")),
                new Backoff(Duration.ofMillis(20), Duration.ofMillis(50)));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> calls.untilDone(PlatformRequests.control("loss", null).stop(), Duration.ofMillis(300)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the platform did not answer POST /fault/v1/network-packet-loss/stop within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }
}
