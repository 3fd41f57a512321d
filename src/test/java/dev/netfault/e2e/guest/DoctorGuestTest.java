package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code netfault doctor} inside the guest, where the kernel has netem: every fault kind is available. */
class DoctorGuestTest extends AgentTestBase {

    @Test
    void doctor_reportsEveryFaultKindAvailable() {
        List<String> argv = new ArrayList<>(List.of(System.getProperty("java", "java"), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        String cds = System.getProperty("netfault.agentCds", "");
        if (!cds.isEmpty() && Files.isRegularFile(Path.of(cds))) {
            argv.add("-XX:SharedArchiveFile=" + cds);
        }
        argv.addAll(List.of("-jar", System.getProperty("netfault.jar", "agent/target/netfault.jar"), "doctor"));
        Sh.Result result = Sh.tryRun(NamespacePair.in(pair.client, argv.toArray(String[]::new)));
        String out = result.stdout();
        System.out.println("doctor in the guest (exit " + result.exitCode() + "):\n" + out);
        List<String> kinds = out.lines().dropWhile(l -> !l.startsWith("fault kinds:")).skip(1)
                .filter(l -> l.matches("[a-z ]+:\\s.*")).toList();
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(6);
        assertThat(kinds).allSatisfy(line -> assertThat(line).contains("works").doesNotContain("CANNOT"));
        assertThat(kinds).anySatisfy(line -> assertThat(line).startsWith("latency:").contains("netem"));
        assertThat(kinds).anySatisfy(line -> assertThat(line).startsWith("loss burst:"));
        assertThat(result.exitCode()).isZero();
    }
}
