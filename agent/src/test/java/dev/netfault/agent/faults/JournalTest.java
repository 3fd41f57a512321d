package dev.netfault.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    static final Targeting FULL = new Targeting(List.of(Cidr.parse("198.51.100.0/24"), Cidr.parse("2001:db8::1")),
            List.of(Cidr.parse("198.51.100.9")), Optional.of(InterfaceName.of("eth0")), 50, Direction.INGRESS);

    static JournalEntry entry(String id, FaultSpec spec) {
        return entry(id, spec, EnforcerMode.KERNEL, "tc htb+netem");
    }

    static JournalEntry entry(String id, FaultSpec spec, EnforcerMode mode, String mechanism) {
        AppliedFault a = new AppliedFault(new FaultId(id), spec.kind(), mechanism, List.of("eth0", "eth1"),
                EnumSet.of(Touches.TC, Touches.NFTABLES, Touches.IPTABLES),
                List.of(Command.of("tc", "-batch", "-").withStdin("qdisc add dev eth0 root handle 4e46: htb\n"),
                        Command.of("nft", "-f", "-").withStdin("table netdev netfault_" + id + " {}").withEnv("TZ", "UTC")),
                List.of(new Check("root qdisc", Command.of("tc", "-j", "qdisc", "show", "dev", "eth0"), List.of("\"4e46:\"", "htb"))),
                List.of(Command.of("tc", "qdisc", "del", "dev", "eth0", "root", "handle", "4e46:"),
                        Command.of("iptables", "-w", "5", "-X", "NETFAULT-" + id)),
                Lease.held(List.of(Command.of("nft", "-f", "-").withStdin("flush set netdev netfault_" + id + " lease\n")),
                        List.of(new Check("lease", Command.of("nft", "list", "set", "netdev", "netfault_" + id, "lease"),
                                List.of("expires")))), List.of(1, 0));
        return new JournalEntry(FaultKey.of(spec), spec, Instant.parse("2026-11-26T12:00:00Z"),
                Instant.parse("2026-11-26T12:01:00.5Z"), JournalEntry.Phase.ACTIVE, mode, a);
    }

    /** An entry's file as an agent wrote it before journal entries recorded their mode. */
    private void dropMode(Journal j, FaultId id) throws Exception {
        Path file = j.file(id);
        String without = Files.readString(file).replaceFirst(",\\s*\"mode\"\\s*:\\s*\"[a-z]+\"", "");
        assertThat(without).doesNotContain("\"mode\"").contains("\"phase\" : \"active\"");
        Files.writeString(file, without);
    }

    @Test
    void readAll_recordsWhichEnforcerAppliedEachEntry() throws Exception {
        Journal j = new Journal(dir);
        JournalEntry kernel = entry("00000011", LossSpec.random(20, Targeting.all()));
        JournalEntry platform = entry("00000012", new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all()),
                EnforcerMode.PLATFORM, "platform fault endpoints");
        j.write(kernel);
        j.write(platform);

        Journal.Contents read = new Journal(dir).readAll();

        assertThat(Files.readString(j.file(kernel.applied().id()))).contains("\"phase\" : \"active\",\n  \"mode\" : \"kernel\",");
        assertThat(Files.readString(j.file(platform.applied().id()))).contains("\"mode\" : \"platform\",");
        assertThat(read.corrupt()).isEmpty();
        assertThat(read.entries()).containsExactly(kernel, platform);
        assertThat(read.entries()).extracting(JournalEntry::mode).containsExactly(EnforcerMode.KERNEL, EnforcerMode.PLATFORM);
    }

    @Test
    void readAll_entryWithoutMode_isTheKernelEnforcers() throws Exception {
        Journal j = new Journal(dir);
        JournalEntry old = entry("00000013", new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, Targeting.all()));
        j.write(old);
        dropMode(j, old.applied().id());

        Journal.Contents read = j.readAll();

        assertThat(read.corrupt()).isEmpty();
        assertThat(read.entries()).containsExactly(old);
        assertThat(read.entries().get(0).mode()).isEqualTo(EnforcerMode.KERNEL);
    }

    @Test
    void readAll_platformEntryWithoutMode_isThePlatformEnforcers() throws Exception {
        Journal j = new Journal(dir);
        JournalEntry old = entry("00000014", LossSpec.random(20, Targeting.all()), EnforcerMode.PLATFORM,
                JournalCodec.PLATFORM_MECHANISM);
        j.write(old);
        dropMode(j, old.applied().id());

        assertThat(j.readAll().entries()).singleElement().satisfies(e -> {
            assertThat(e.mode()).isEqualTo(EnforcerMode.PLATFORM);
            assertThat(e).isEqualTo(old);
        });
    }

    @Test
    void readAll_unknownMode_setAside() throws Exception {
        Journal j = new Journal(dir);
        JournalEntry e = entry("00000015", LossSpec.random(20, Targeting.all()));
        j.write(e);
        Files.writeString(j.file(e.applied().id()), Files.readString(j.file(e.applied().id()))
                .replace("\"mode\" : \"kernel\"", "\"mode\" : \"satellite\""));

        Journal.Contents c = j.readAll();

        assertThat(c.entries()).isEmpty();
        assertThat(c.corrupt()).singleElement().asString().contains("mode: 'satellite' (expected: kernel or platform)");
    }

    @Test
    void readAll_returnsWhatWriteRecorded_forEveryKindAndField() {
        Journal j = new Journal(dir);
        List<JournalEntry> written = List.of(
                entry("00000001", new LatencySpec(200, 20, 25, Distribution.PARETONORMAL, FULL)),
                entry("00000002", new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all())),
                entry("00000003", new LossSpec(7, LossModel.BURST, 4, FULL)),
                entry("00000004", new BlackholeSpec(443, Protocol.UDP, Direction.INGRESS,
                        Targeting.all().withSources(List.of(Cidr.parse("198.51.100.2"))))));
        written.forEach(j::write);

        Journal.Contents read = new Journal(dir).readAll();

        assertThat(read.corrupt()).isEmpty();
        assertThat(read.entries()).containsExactlyElementsOf(written);
    }

    @Test
    void readAll_entryOfAnAgentBeforePlansSaidWhatTheyTouch_derivesItFromTheCommands() throws Exception {
        Journal j = new Journal(dir);
        JournalEntry latency = entry("00000005", new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all()));
        JournalEntry blackhole = entry("00000006", new BlackholeSpec(443, Protocol.TCP, Direction.INGRESS, Targeting.all()));
        for (JournalEntry e : List.of(latency, blackhole)) {
            j.write(e);
            Path file = j.file(e.applied().id());
            ObjectNode old = (ObjectNode) new ObjectMapper().readTree(file.toFile());
            assertThat(old.remove("touches")).isNotNull();
            Files.writeString(file, old.toPrettyString());
        }

        Journal.Contents read = j.readAll();

        assertThat(read.corrupt()).isEmpty();
        assertThat(read.entries()).extracting(e -> e.applied().touches()).containsExactly(
                EnumSet.of(Touches.TC, Touches.TC_TREE, Touches.NFTABLES, Touches.IPTABLES),
                EnumSet.of(Touches.TC, Touches.NFTABLES, Touches.IPTABLES));
        assertThat(read.entries().get(0).applied().apply()).isEqualTo(latency.applied().apply());
    }

    @Test
    void readAll_entryWithoutRevertAfterAttachesEveryRevertToTheFirstStep() throws Exception {
        JournalEntry e = entry("00000005", new LatencySpec(100, 0, 0, Distribution.NONE, Targeting.all()));
        new Journal(dir).write(e);
        Path f = dir.resolve("00000005.json");
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
        tree.remove("revertAfter"); // as written before plans had steps
        java.nio.file.Files.writeString(f, tree.toString());

        JournalEntry read = new Journal(dir).readAll().entries().get(0);

        assertThat(e.applied().revertAfter()).containsExactly(1, 0);
        assertThat(read.applied().revertAfter()).containsExactly(0, 0);
        assertThat(read.applied().revert()).isEqualTo(e.applied().revert());
    }

    @Test
    void write_replacesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        Journal j = new Journal(dir);
        JournalEntry e = entry("0000000a", LossSpec.random(20, Targeting.all()));
        j.write(e.withPhase(JournalEntry.Phase.APPLYING));
        j.update(e);

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("0000000a.json");
        }
        assertThat(j.readAll().entries()).containsExactly(e);
        assertThat(j.delete(e.applied().id())).isTrue();
        assertThat(j.delete(e.applied().id())).isFalse();
        assertThat(j.readAll().entries()).isEmpty();
    }

    @Test
    void readAll_corruptAndTornFiles_setAsideNotFatal() throws Exception {
        Journal j = new Journal(dir);
        JournalEntry good = entry("0000000b", LossSpec.random(20, Targeting.all()));
        j.write(good);
        Files.writeString(dir.resolve("0000000c.json"), "{\"version\":1,\"id\":\"0000000c\"");
        Files.writeString(dir.resolve("0000000d.json"), Files.readString(j.file(good.applied().id()))
                .replace("\"lossPercent\" : 20", "\"lossPercent\" : 120").replace("0000000b", "0000000d"));
        Files.writeString(dir.resolve(".0000000e.json.tmp"), "{\"ver");

        Journal.Contents c = j.readAll();

        assertThat(c.entries()).containsExactly(good);
        assertThat(c.corrupt()).hasSize(2);
        assertThat(c.corrupt().get(1)).contains("lossPercent: 120 (expected: 1-100)");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("0000000b.json", "0000000c.json.corrupt", "0000000d.json.corrupt");
        }
    }

    @Test
    void journal_newDirectory_createdOwnerOnly() throws Exception {
        Path state = dir.resolve("var/lib/netfault");
        new Journal(state);
        assertThat(Files.getPosixFilePermissions(state)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "OWNER_EXECUTE");
    }
}
