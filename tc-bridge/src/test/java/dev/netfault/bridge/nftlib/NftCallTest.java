package dev.netfault.bridge.nftlib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.plan.Command;
import org.junit.jupiter.api.Test;

class NftCallTest {

    @Test
    void of_script_takesStdinAsText() {
        assertThat(NftCall.of(Command.of("nft", "-f", "-").withStdin("add table inet t\n")))
                .contains(new NftCall("add table inet t\n", true, 0));
    }

    @Test
    void of_scriptWithoutStdin_isEmptyText() {
        assertThat(NftCall.of(Command.of("nft", "-f", "-"))).contains(new NftCall("", true, 0));
    }

    @Test
    void of_words_joinedBySpacesAsTheBinaryJoinsThem() {
        assertThat(NftCall.of(Command.of("nft", "add", "chain", "inet", "app", "out",
                "{ type filter hook output priority 10; }")))
                .contains(new NftCall("add chain inet app out { type filter hook output priority 10; }", false, 0));
    }

    @Test
    void of_outputOptions_becomeFlags() {
        assertThat(NftCall.of(Command.of("nft", "-j", "list", "ruleset")))
                .contains(new NftCall("list ruleset", false, NftLibrary.OUTPUT_JSON));
        assertThat(NftCall.of(Command.of("nft", "-s", "-a", "list", "ruleset")))
                .contains(new NftCall("list ruleset", false, NftLibrary.OUTPUT_STATELESS | NftLibrary.OUTPUT_HANDLE));
        assertThat(NftCall.of(Command.of("nft", "-j", "-f", "-").withStdin("list tables")))
                .contains(new NftCall("list tables", true, NftLibrary.OUTPUT_JSON));
        assertThat(NftCall.of(Command.of("nft", "-j", "-t", "list", "table", "inet", "t")))
                .contains(new NftCall("list table inet t", false, NftLibrary.OUTPUT_JSON | NftLibrary.OUTPUT_TERSE));
        assertThat(NftCall.of(Command.of("nft", "--terse", "list", "table", "inet", "t")))
                .contains(new NftCall("list table inet t", false, 1 << 11));
    }

    @Test
    void of_whatTheLibraryWouldNotRunAsTheBinary_isEmpty() {
        assertThat(NftCall.of(Command.of("tc", "qdisc", "show"))).isEmpty();
        assertThat(NftCall.of(Command.of("/usr/sbin/nft", "list", "ruleset"))).isEmpty();
        assertThat(NftCall.of(Command.of("nft", "--version"))).isEmpty();
        assertThat(NftCall.of(Command.of("nft", "-c", "-f", "-").withStdin("add table inet t"))).isEmpty();
        assertThat(NftCall.of(Command.of("nft", "-f", "/etc/nftables.conf"))).isEmpty();
        assertThat(NftCall.of(Command.of("nft", "-f"))).isEmpty();
        assertThat(NftCall.of(Command.of("nft", "-f", "-", "list", "ruleset"))).isEmpty();
        assertThat(NftCall.of(Command.of("nft"))).isEmpty();
        assertThat(NftCall.of(Command.of("nft", "-j"))).isEmpty();
        assertThat(NftCall.of(Command.of("nft", "list", "ruleset", "-a"))).isEmpty();
        assertThat(NftCall.of(Command.of("nft", "list", "ruleset").withStdin("x"))).isEmpty();
    }
}
