package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpAndCompletionTest {

    @Test
    void help_everyCommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(NetfaultCommand.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).extracting(p -> String.join(" ", p))
                .contains("latency start", "latency stop", "loss status", "blackhole stop", "list", "stop", "completion");

        SoftAssertions soft = new SoftAssertions();
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun r = CliRun.of(args.toArray(String[]::new));
            soft.assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            soft.assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: netfault " + String.join(" ", path));
        }
        soft.assertAll();
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || sub.getCommandSpec().aliases().length > 0 && !sub.getCommandName().equals(name)) {
                return;
            }
            List<String> p = new ArrayList<>(prefix);
            p.add(name);
            out.add(p);
            collect(sub, p, out);
        });
    }

    @Test
    void completion_printsABashScriptForTheWholeTree() {
        CliRun r = CliRun.of("completion");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete -F _complete_netfault", "latency", "blackhole", "--delay", "--port");
    }

    @Test
    void humanDuration_acceptsTheFourUnits() {
        assertThat(HumanDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(HumanDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(HumanDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(HumanDuration.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(HumanDuration.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(HumanDuration.format(Duration.ofMinutes(120))).isEqualTo("2h");
    }

    @Test
    void humanDuration_refusesEverythingElse() {
        for (String bad : List.of("200", "1.5s", "1h30m", "-5s", "5 s", "5d", "", "ms", "0s")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HumanDuration.parse(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("duration: '" + bad + "' (expected: a positive number with ms, s, m or h, "
                            + "such as 250ms, 30s, 5m or 2h)");
        }
        assertThat(HumanDuration.parseNonNegative("0ms")).isEqualTo(Duration.ZERO);
    }
}
