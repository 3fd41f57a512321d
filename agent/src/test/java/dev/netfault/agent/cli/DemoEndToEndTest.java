package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.bridge.testing.Netns;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code netfault demo --schedule short} end to end: the phases show what they should, and nothing is left. */
@Tag("privileged")
class DemoEndToEndTest {

    private static final Pattern LINE = Pattern.compile("(?m)^(\\S[^|]*?)\\s*\\| rate\\s+(\\d+) req/s.*errors (\\d+)$");

    @Test
    void demo_shortScheduleShowsTheBlackholeAndLeavesNothing() throws IOException, InterruptedException {
        Root.assumeRoot();

        CliRun r = CliRun.of("demo", "--schedule", "short");

        System.out.println(r.out());
        System.out.println(r.err());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<int[]> baseline = phase(r.out(), "baseline");
        List<int[]> blackhole = phase(r.out(), "blackhole");
        List<int[]> recovery = phase(r.out(), "recovery");
        assertThat(baseline).isNotEmpty().allSatisfy(x -> assertThat(x[1]).as("baseline errors").isZero())
                .anySatisfy(x -> assertThat(x[0]).as("baseline rate").isPositive());
        assertThat(blackhole).isNotEmpty().anySatisfy(x -> assertThat(x[1]).as("blackhole errors").isPositive());
        assertThat(recovery).isNotEmpty().allSatisfy(x -> assertThat(x[1]).as("recovery errors").isZero())
                .anySatisfy(x -> assertThat(x[0]).as("recovery rate").isPositive());
        assertThat(r.out()).contains("== loss 20%", "cleanup: stopped the agent, server and client; deleted nfdemo");
        // the bandwidth phase (tbf on an ifb, no netem needed): 2 Mbit/s on the throughput port, full speed around it
        assertThat(r.out()).contains("== bandwidth: TCP to 198.51.100.2:8081 limited to 2 Mbit/s",
                "$ netfault bandwidth start --rate 2mbit --ports 8081 --protocol tcp", "bandwidth: stopped");
        long before = throughput(r.out(), "before");
        long during = throughput(r.out(), "during");
        long after = throughput(r.out(), "after");
        assertThat(during).as("throughput under a 2000 kbit/s limit").isBetween(1_800L, 2_200L);
        assertThat(before).as("throughput before the limit").isGreaterThan(10 * 2_000L);
        assertThat(after).as("throughput after the limit").isGreaterThan(10 * 2_000L);
        assertThat(phase(r.out(), "bandwidth")).as("the request load on 8080 during the bandwidth phase").isNotEmpty()
                .allSatisfy(x -> assertThat(x[0]).as("request rate on the unshaped port").isPositive());
        assertThat(r.out()).containsAnyOf("== latency:", "latency: skipped - this kernel has no sch_netem (");
        assertThat(Netns.host("ip", "netns", "list")).doesNotContain("nfdemo");
    }

    private static final Pattern THROUGHPUT = Pattern.compile("(?m)^bandwidth\\s+\\| throughput (\\w+)\\s.*\\((\\d+) kbit/s, TCP");

    /** The kbit/s of the bandwidth phase's {@code when} measurement (before, during, after). */
    private static long throughput(String out, String when) {
        Matcher m = THROUGHPUT.matcher(out);
        while (m.find()) {
            if (m.group(1).equals(when)) {
                return Long.parseLong(m.group(2));
            }
        }
        throw new AssertionError("no '" + when + "' throughput line in:\n" + out);
    }

    /** (rate, errors) of every line labelled with this phase. */
    private static List<int[]> phase(String out, String name) {
        Matcher m = LINE.matcher(out);
        List<int[]> rows = new java.util.ArrayList<>();
        while (m.find()) {
            if (m.group(1).trim().equals(name)) {
                rows.add(new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
            }
        }
        return rows;
    }
}
