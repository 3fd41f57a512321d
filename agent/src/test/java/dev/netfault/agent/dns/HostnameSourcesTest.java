package dev.netfault.agent.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultService;
import dev.netfault.agent.faults.FaultView;
import dev.netfault.agent.faults.Health;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostnameSourcesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    private final Faults faults = new Faults();
    private final Map<String, List<Cidr>> zone = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final HostnameSources sources = new HostnameSources(faults,
            h -> new AddressResolver.Resolution(zone.getOrDefault(h.name(), List.of()), Duration.ofSeconds(1)),
            scheduler, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
    }

    @Test
    void start_resolvesEveryAddressAndKeepsLiterals() throws Exception {
        zone.put("db.test", List.of(Cidr.parse("198.51.100.20"), Cidr.parse("2001:db8::20")));
        LossSpec spec = LossSpec.random(50, Targeting.all().withSources(List.of(Cidr.parse("198.51.100.9"))));
        sources.start(spec, List.of(new Hostname("DB.test.")), Optional.of(Duration.ofSeconds(60)));
        assertThat(faults.log).containsExactly("start [198.51.100.9/32, 198.51.100.20/32, 2001:db8::20/128]");
    }

    @Test
    void refresh_newAddressIsAddedToTheRunningLossFaultWithoutStoppingIt() throws Exception {
        zone.put("db.test", List.of(Cidr.parse("198.51.100.20")));
        sources.start(LossSpec.random(50, Targeting.all()), List.of(new Hostname("db.test")), Optional.of(Duration.ofSeconds(60)));
        sources.refresh(FaultKey.loss());
        zone.put("db.test", List.of(Cidr.parse("198.51.100.21")));
        sources.refresh(FaultKey.loss());
        sources.refresh(FaultKey.loss());
        assertThat(faults.log).containsExactly("start [198.51.100.20/32]", "addSources loss [198.51.100.21/32] []");
        assertThat(faults.durations).containsExactly(Optional.of(Duration.ofSeconds(60)));
    }

    @Test
    void refresh_newAddressReappliesABlackholeWithTheUnion() throws Exception {
        zone.put("db.test", List.of(Cidr.parse("198.51.100.20")));
        sources.start(new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, Targeting.all()), List.of(new Hostname("db.test")),
                Optional.of(Duration.ofSeconds(60)));
        FaultKey key = FaultKey.blackhole("egress-tcp-443");
        sources.refresh(key);
        zone.put("db.test", List.of(Cidr.parse("198.51.100.21")));
        sources.refresh(key);
        sources.refresh(key);
        assertThat(faults.log).containsExactly("start [198.51.100.20/32]", "stop blackhole:egress-tcp-443",
                "start [198.51.100.20/32, 198.51.100.21/32]");
        assertThat(faults.durations).containsExactly(Optional.of(Duration.ofSeconds(60)), Optional.of(Duration.ofSeconds(60)));
    }

    @Test
    void refresh_stopsWatchingAStoppedFault() throws Exception {
        zone.put("db.test", List.of(Cidr.parse("198.51.100.20")));
        sources.start(LossSpec.random(50, Targeting.all()), List.of(new Hostname("db.test")), Optional.of(Duration.ofSeconds(60)));
        faults.stop(FaultKey.loss());
        zone.put("db.test", List.of(Cidr.parse("198.51.100.21")));
        sources.refresh(FaultKey.loss());
        assertThat(faults.log).containsExactly("start [198.51.100.20/32]", "stop loss");
    }

    @Test
    void start_nameWithoutAddressesIsA400() {
        assertThatThrownBy(() -> sources.start(LossSpec.random(50, Targeting.all()), List.of(new Hostname("nx.test")),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Sources: 'nx.test' (expected: a hostname with A or AAAA records; it has none)");
        assertThat(faults.log).isEmpty();
    }

    @Test
    void isHostname_namesButNotAddresses() {
        assertThat(Hostname.isHostname("db.internal.example")).isTrue();
        assertThat(Hostname.isHostname("localhost")).isTrue();
        assertThat(Hostname.isHostname("198.51.100.300")).isFalse();
        assertThat(Hostname.isHostname("2001:db8::1")).isFalse();
        assertThat(Hostname.isHostname("-bad.example")).isFalse();
        assertThat(Hostname.isHostname("a;rm -rf /")).isFalse();
    }

    /** A fault service that records starts and stops and lists what runs. */
    private static final class Faults implements FaultService {
        final List<String> log = new ArrayList<>();
        final List<Optional<Duration>> durations = new ArrayList<>();
        final Map<FaultKey, ActiveFault> active = new LinkedHashMap<>();
        int n;

        @Override
        public ActiveFault start(FaultSpec spec, Optional<Duration> duration) {
            log.add("start " + SpecSources.sources(spec));
            durations.add(duration);
            ActiveFault f = new ActiveFault(new FaultId(String.format("%08x", ++n)), FaultKey.of(spec), spec, NOW,
                    NOW.plus(duration.orElse(Duration.ofHours(1))), "test", List.of());
            active.put(f.key(), f);
            return f;
        }

        @Override
        public boolean stop(FaultKey key) {
            log.add("stop " + key);
            return active.remove(key) != null;
        }

        @Override
        public ActiveFault addSources(FaultKey key, List<dev.netfault.bridge.target.Cidr> sources,
                                      List<dev.netfault.bridge.target.Cidr> exemptions) {
            log.add("addSources " + key + " " + sources + " " + exemptions);
            ActiveFault f = active.get(key);
            List<Cidr> all = new ArrayList<>(SpecSources.sources(f.spec()));
            all.addAll(sources);
            ActiveFault wider = new ActiveFault(f.id(), key, SpecSources.withSources(f.spec(), all), f.startedAt(),
                    f.expiresAt(), f.mechanism(), f.interfaces());
            active.put(key, wider);
            return wider;
        }

        @Override
        public boolean running(FaultKey key) {
            return active.containsKey(key);
        }

        @Override
        public List<FaultView> list() {
            return active.values().stream().map(f -> new FaultView(f, true, Map.of())).toList();
        }

        @Override
        public List<ActiveFault> stopAll() {
            return List.of();
        }

        @Override
        public Health health() {
            return new Health("kernel", "test", Map.of(), Map.of());
        }
    }
}
