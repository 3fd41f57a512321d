package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The local demo as a user starts it: {@code docker-compose -f docker/compose.yaml up} (Debian's docker-compose 1.29).
 * The load client's once-a-second line must change while a fault is active and recover after it.
 */
@Tag("docker")
class ComposeDemoDockerTest {
    private static final Pattern LINE = Pattern.compile(
            "t=(\\d+) rps=([\\d.]+) p50_ms=([\\d.na]+) p99_ms=([\\d.na]+) errors_pct=([\\d.]+)");

    @Test
    void up_loadClientNumbersChangeDuringBlackholeAndLossAndRecover() {
        DockerTestbed.ensureUp();
        String project = DockerTestbed.uniqueName("demo").replace("-", "");
        try {
            DockerTestbed.Result up = compose(project, "up", "-d", "--no-build");
            assertThat(up.exitCode()).as(up.output()).isZero();

            awaitLines(project, 6);
            awaitHealthy(project, "netfault");
            List<Stats> baseline = window(project, 5);
            print("baseline", baseline);
            assertThat(mean(baseline, Stats::errorsPct)).isLessThan(1.0);
            assertThat(mean(baseline, Stats::rps)).isGreaterThan(10.0);

            DockerTestbed.Result blackhole = cli(project, "blackhole", "start", "--port", "8081", "--duration", "12s");
            assertThat(blackhole.exitCode()).as(blackhole.output()).isZero();
            SidecarTask.sleep(Duration.ofSeconds(2));
            List<Stats> duringBlackhole = window(project, 5);
            print("blackhole egress tcp/8081 (the dependency)", duringBlackhole);
            assertThat(mean(duringBlackhole, Stats::errorsPct)).isGreaterThan(90.0);

            SidecarTask.sleep(Duration.ofSeconds(7));
            List<Stats> afterBlackhole = window(project, 5);
            print("after the blackhole expired", afterBlackhole);
            assertThat(mean(afterBlackhole, Stats::errorsPct)).isLessThan(1.0);

            DockerTestbed.Result loss = cli(project, "loss", "start", "--percent", "30", "--duration", "14s");
            assertThat(loss.exitCode()).as(loss.output()).isZero();
            SidecarTask.sleep(Duration.ofSeconds(2));
            List<Stats> duringLoss = window(project, 6);
            print("30% packet loss on the app's egress", duringLoss);
            assertThat(mean(duringLoss, Stats::p50Ms)).isGreaterThan(5 * mean(baseline, Stats::p50Ms));
            assertThat(mean(duringLoss, Stats::errorsPct)).isGreaterThan(10.0);

            SidecarTask.sleep(Duration.ofSeconds(8));
            List<Stats> afterLoss = window(project, 5);
            print("after the loss expired", afterLoss);
            assertThat(mean(afterLoss, Stats::errorsPct)).isLessThan(1.0);
        } finally {
            DockerTestbed.Result down = compose(project, "down", "-v", "--remove-orphans", "-t", "2");
            if (down.exitCode() != 0) {
                DockerTestbed.print("docker-compose down failed: " + down.output());
            }
        }
        assertThat(DockerTestbed.leftoverContainers()).noneMatch(name -> name.startsWith(project));
    }

    private static DockerTestbed.Result compose(String project, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker-compose", "-p", project, "-f",
                DockerTestbed.root().resolve("docker/compose.yaml").toString()));
        argv.addAll(List.of(args));
        return DockerTestbed.run(Duration.ofMinutes(3), argv);
    }

    /** The README's way: the netfault CLI inside the sidecar container. */
    private static DockerTestbed.Result cli(String project, String... args) {
        List<String> argv = new ArrayList<>(List.of("exec", "-T", "netfault", "netfault"));
        argv.addAll(List.of(args));
        return compose(project, argv.toArray(String[]::new));
    }

    private static List<Stats> lines(String project) {
        DockerTestbed.Result logs = compose(project, "logs", "--no-color", "loadclient");
        List<Stats> stats = new ArrayList<>();
        Matcher matcher = LINE.matcher(logs.output());
        while (matcher.find()) {
            stats.add(new Stats(Integer.parseInt(matcher.group(1)), Double.parseDouble(matcher.group(2)),
                    parse(matcher.group(3)), parse(matcher.group(4)), Double.parseDouble(matcher.group(5))));
        }
        return stats;
    }

    private static double parse(String value) {
        return value.equals("nan") ? Double.NaN : Double.parseDouble(value);
    }

    private static void awaitLines(String project, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<Stats> stats = lines(project);
            if (stats.stream().filter(s -> s.rps() > 0 && s.errorsPct() == 0).count() >= count) {
                return;
            }
            SidecarTask.sleep(Duration.ofSeconds(1));
        }
        throw new AssertionError("load client never printed " + count + " healthy lines: "
                + compose(project, "logs", "--no-color").output());
    }

    /** Waits for the image's HEALTHCHECK (curl on /healthz) to report the service healthy. */
    private static void awaitHealthy(String project, String service) {
        String id = compose(project, "ps", "-q", service).output().strip();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String health = "";
        while (System.nanoTime() < deadline) {
            health = DockerTestbed.docker("inspect", "-f", "{{.State.Health.Status}}", id).output().strip();
            if (health.equals("healthy")) {
                DockerTestbed.print(service + " container reports healthy (HEALTHCHECK on /healthz)");
                return;
            }
            SidecarTask.sleep(Duration.ofSeconds(1));
        }
        throw new AssertionError(service + " health: " + health);
    }

    /** The lines printed during the next {@code seconds} seconds. */
    private static List<Stats> window(String project, int seconds) {
        int from = lines(project).stream().mapToInt(Stats::t).max().orElse(0);
        SidecarTask.sleep(Duration.ofSeconds(seconds));
        return lines(project).stream().filter(s -> s.t() > from).toList();
    }

    private static double mean(List<Stats> stats, ToDoubleFunction<Stats> field) {
        assertThat(stats).isNotEmpty();
        return stats.stream().mapToDouble(field).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static double max(List<Stats> stats, ToDoubleFunction<Stats> field) {
        assertThat(stats).isNotEmpty();
        return stats.stream().mapToDouble(field).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    private static void print(String phase, List<Stats> stats) {
        StringBuilder text = new StringBuilder(String.format("demo, %s: rps %.1f, p50 %.1f ms, p99 max %.1f ms,"
                + " errors %.1f%%", phase, mean(stats, Stats::rps), mean(stats, Stats::p50Ms), max(stats, Stats::p99Ms),
                mean(stats, Stats::errorsPct)));
        stats.forEach(s -> text.append("\n    ").append(s));
        DockerTestbed.print(text.toString());
    }

    /** One line of the load client. */
    record Stats(int t, double rps, double p50Ms, double p99Ms, double errorsPct) {
    }
}
