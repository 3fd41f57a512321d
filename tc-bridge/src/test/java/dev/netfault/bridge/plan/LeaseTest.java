package dev.netfault.bridge.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseTest {

    private static Command nft(String table) {
        return Command.of("nft", "-f", "-").withStdin("flush set netdev " + table + " lease\n"
                + "add element netdev " + table + " lease { ip timeout 3000ms, ip6 timeout 3000ms }\n");
    }

    @Test
    void merge_joinsTheInputsOfEachToolInOneProcess() {
        Command ipset = Command.of("ipset", "restore", "-exist").withStdin("add nf0000000a-l 0.0.0.0/1 timeout 3");
        List<Command> merged = Lease.merge(List.of(nft("netfault_0000000a"), ipset, nft("netfault_0000000b")));

        assertThat(merged).containsExactly(
                Command.of("nft", "-f", "-").withStdin("flush set netdev netfault_0000000a lease\n"
                        + "add element netdev netfault_0000000a lease { ip timeout 3000ms, ip6 timeout 3000ms }\n"
                        + "flush set netdev netfault_0000000b lease\n"
                        + "add element netdev netfault_0000000b lease { ip timeout 3000ms, ip6 timeout 3000ms }\n"),
                Command.of("ipset", "restore", "-exist").withStdin("add nf0000000a-l 0.0.0.0/1 timeout 3\n"));
    }

    @Test
    void merge_keepsCommandsWithAnotherEnvironmentApart() {
        Command utc = nft("netfault_0000000b").withEnv("TZ", "UTC");
        assertThat(Lease.merge(List.of(nft("netfault_0000000a"), utc))).containsExactly(nft("netfault_0000000a"), utc);
    }

    @Test
    void mergeAll_skipsUnleasedFaults() {
        Lease a = Lease.held(List.of(nft("netfault_0000000a")), List.of());
        assertThat(Lease.mergeAll(List.of(Lease.unleased("no gate"), a))).containsExactly(nft("netfault_0000000a"));
        assertThat(Lease.mergeAll(List.of(Lease.unleased("no gate")))).isEmpty();
    }

    @Test
    void lease_refusesWhatCannotBeMergedOrIsContradictory() {
        assertThatThrownBy(() -> Lease.held(List.of(Command.of("nft", "flush", "set")), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("renew: nft flush set (expected: a batch command reading its standard input, so renewals can be merged)");
        assertThatThrownBy(() -> Lease.held(List.of(), List.of()))
                .hasMessage("renew: [] (expected: at least one command for a leased fault)");
    }

    @Test
    void requireLease_acceptsThreeSecondsToTenMinutes() {
        assertThat(PlanContext.requireLease(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(PlanContext.requireLease(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> PlanContext.requireLease(Duration.ofMillis(2999)))
                .hasMessage("lease: 2999ms (expected: 3s-10m, whole milliseconds)");
        assertThatThrownBy(() -> PlanContext.requireLease(Duration.ofMinutes(11)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
