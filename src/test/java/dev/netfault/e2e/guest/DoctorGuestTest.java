package dev.netfault.e2e.guest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.e2e.AgentProcess;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code netfault doctor} inside the guest, where the kernel has netem: every fault kind is available. */
class DoctorGuestTest extends AgentTestBase {

    @Test
    void doctor_reportsEveryFaultKindAvailable() throws InterruptedException {
        List<String> argv = new ArrayList<>(AgentProcess.java(AgentProcess.emulatedCpuOptions()));
        argv.add("doctor");
        CommandResult result = pair.a().run(GuestNetwork.SLOW_COMMAND, argv.toArray(String[]::new));
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
