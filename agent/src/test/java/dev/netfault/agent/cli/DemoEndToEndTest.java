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
        assertThat(r.out()).containsAnyOf("== latency:", "latency: skipped - this kernel has no sch_netem (");
        assertThat(Netns.host("ip", "netns", "list")).doesNotContain("nfdemo");
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
