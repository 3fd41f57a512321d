package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void roundTrip_givesBackTheSampleEntry() {
        assertThat(JournalWarmUp.roundTrip()).isEqualTo(JournalWarmUp.sample());
    }

    @Test
    void warmUp_readsTheSampleBackFromItsScratchFile_andLeavesNothing() throws Exception {
        Journal j = new Journal(dir);
        assertThat(j.warmUp()).isEqualTo(JournalWarmUp.sample());
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void encode_isWhatJournalWritesToTheEntrysFile() throws Exception {
        Journal j = new Journal(dir);
        JournalEntry e = JournalWarmUp.sample();
        j.write(e);
        assertThat(Files.readAllBytes(j.file(e.applied().id()))).isEqualTo(Journal.encode(e));
        assertThat(new String(Journal.encode(e), StandardCharsets.UTF_8))
                .contains("\"id\" : \"00000000\"", "\"phase\" : \"applying\"", "\"mechanism\" : \"nftables netdev egress\"");
    }

    @Test
    void lifecycleOpen_plansTheSampleOnce_appliesNothing_andLeavesTheJournalEmpty() throws Exception {
        Journal j = new Journal(dir);
        FakeEnforcer enforcer = new FakeEnforcer();
        FaultManager m = Lifecycle.open(enforcer, j, java.time.Duration.ofMinutes(1));
        try {
            assertThat(enforcer.calls).filteredOn(c -> c.contains(JournalWarmUp.ID)).containsExactly("prepare 00000000");
            assertThat(j.readAll().entries()).isEmpty();
            try (var files = Files.list(dir)) {
                assertThat(files.toList()).isEmpty();
            }
        } finally {
            m.close();
        }
    }
}
