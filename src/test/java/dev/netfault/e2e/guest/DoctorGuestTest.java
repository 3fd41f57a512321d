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
        List<String> kinds = section(out, "fault kinds:");
        assertThat(kinds).hasSize(11);
        assertThat(kinds).allSatisfy(line -> assertThat(line).contains("works").doesNotContain("CANNOT"));
        assertThat(kinds).anySatisfy(line -> assertThat(line).startsWith("latency:").contains("netem"));
        assertThat(kinds).anySatisfy(line -> assertThat(line).startsWith("loss-burst:"));
        assertThat(kinds).anySatisfy(line -> assertThat(line).startsWith("impairment:").contains("netem"));
        assertThat(kinds).anySatisfy(line -> assertThat(line).startsWith("impairment-ingress:").contains("ipset lease"));
        assertThat(kinds).anySatisfy(line -> assertThat(line).startsWith("latency-ingress:").contains("ipset lease"));
        assertThat(kinds).anySatisfy(line -> assertThat(line).startsWith("bandwidth:").contains("tbf"));
        assertThat(kinds).anySatisfy(line -> assertThat(line).startsWith("bandwidth-ingress:").contains("ipset lease"));
        List<String> leases = section(out, "leases");
        assertThat(leases).hasSize(11);
        assertThat(leases).allSatisfy(line -> assertThat(line).contains(" leased: "));
        assertThat(result.exitCode()).isZero();
    }

    /** The lines of the block that starts with a line beginning {@code heading}, up to the next blank line. */
    private static List<String> section(String out, String heading) {
        return out.lines().dropWhile(l -> !l.startsWith(heading)).skip(1).takeWhile(l -> !l.isBlank()).toList();
    }
}
