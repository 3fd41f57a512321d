package dev.netfault.bridge.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.state.Json;
import dev.netfault.bridge.testing.RecordingRunner;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FilterTablesTest {

    /** What nft 1.0.6 printed here after an ingress blackhole's chain was reverted in a namespace that had no rules. */
    static final String LEFT_BY_IPTABLES_NFT = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"release_name\": "
            + "\"Lester Gooch #5\", \"json_schema_version\": 1}}, {\"table\": {\"family\": \"ip\", \"name\": \"filter\", "
            + "\"handle\": 1}}, {\"chain\": {\"family\": \"ip\", \"table\": \"filter\", \"name\": \"INPUT\", \"handle\": 3, "
            + "\"type\": \"filter\", \"hook\": \"input\", \"prio\": 0, \"policy\": \"accept\"}}]}";
    static final String TABLES = "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}, "
            + "{\"table\": {\"family\": \"ip\", \"name\": \"filter\", \"handle\": 1}}, "
            + "{\"table\": {\"family\": \"inet\", \"name\": \"app\", \"handle\": 2}}]}";

    @Test
    void emptyBaseChains_tableLeftByIptablesNft() {
        assertThat(FilterTables.emptyBaseChains(Json.parse("t", LEFT_BY_IPTABLES_NFT))).containsExactly("INPUT");
    }

    @Test
    void emptyBaseChains_tableWithARuleIsInUse() {
        String withRule = LEFT_BY_IPTABLES_NFT.replace("]}", ", {\"rule\": {\"family\": \"ip\", \"table\": \"filter\", "
                + "\"chain\": \"INPUT\", \"handle\": 4, \"expr\": [{\"accept\": null}]}}]}");
        assertThat(FilterTables.emptyBaseChains(Json.parse("t", withRule))).isNull();
    }

    @Test
    void emptyBaseChains_userChainOrDropPolicyIsInUse() {
        assertThat(FilterTables.emptyBaseChains(Json.parse("t", LEFT_BY_IPTABLES_NFT.replace("\"INPUT\"", "\"APP\""))))
                .isNull();
        assertThat(FilterTables.emptyBaseChains(Json.parse("t", LEFT_BY_IPTABLES_NFT.replace("accept", "drop"))))
                .isNull();
    }

    @Test
    void removeCreatedAndEmpty_deletesOnlyATableAbsentFromTheBaseline() throws InterruptedException {
        RecordingRunner runner = new RecordingRunner()
                .when("nft -j list tables", new CommandResult(0, TABLES, ""))
                .when("nft -j list table ip filter", new CommandResult(0, LEFT_BY_IPTABLES_NFT, ""));
        FilterTables tables = new FilterTables(runner, Duration.ofSeconds(5));

        assertThat(tables.removeCreatedAndEmpty(Set.of())).containsExactly("ip filter");
        assertThat(runner.lines()).containsExactly("nft -j list tables", "nft -j list table ip filter", "nft -f -");
        assertThat(runner.commands().get(2).stdin()).isEqualTo("delete chain ip filter INPUT\ndelete table ip filter\n");
    }

    @Test
    void removeCreatedAndEmpty_leavesATableThatWasThereBefore() throws InterruptedException {
        RecordingRunner runner = new RecordingRunner().when("nft -j list tables", new CommandResult(0, TABLES, ""));

        assertThat(new FilterTables(runner, Duration.ofSeconds(5)).removeCreatedAndEmpty(Set.of("ip filter"))).isEmpty();
        assertThat(runner.lines()).containsExactly("nft -j list tables");
    }
}
