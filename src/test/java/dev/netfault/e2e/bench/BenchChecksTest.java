package dev.netfault.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The load benchmarks' own checks, on made-up answers: a check that cannot fail would prove nothing. */
class BenchChecksTest {

    static Load.Result result(int i, int status, long start, long end, String body) {
        return new Load.Result(i, "POST /x", status, start, end, body);
    }

    @Test
    void check_acceptsTheExpectedShapesOnly() {
        assertThat(LoadTortureTest.check("blackhole 9100", "start", result(0, 200, 0, 1, "{\"Status\":\"running\"}"))).isNull();
        assertThat(LoadTortureTest.check("blackhole 9100", "stop", result(0, 200, 0, 1, "{\"Status\":\"running\"}")))
                .isEqualTo("stop not stopped");
        assertThat(LoadTortureTest.check("blackhole 9100", "start", result(0, 500, 0, 1, "{\"Error\":\"x\"}")))
                .isEqualTo("unexpected status");
        assertThat(LoadTortureTest.check("loss", "start", result(0, 409, 0, 1, "{\"Error\":\"already\"}"))).isNull();
        assertThat(LoadTortureTest.check("loss", "status", result(0, 200, 0, 1, "<html>"))).isEqualTo("not JSON");
    }

    @Test
    void implied_lastChangeThatOverlapsNoOther_elseUnknown() {
        List<String> keys = List.of("a", "a", "b", "a");
        List<String> actions = List.of("start", "stop", "start", "status");
        List<Load.Result> serial = List.of(result(0, 200, 0, 10, ""), result(1, 200, 20, 30, ""),
                result(2, 200, 0, 5, ""), result(3, 200, 40, 50, ""));
        List<Load.Result> overlapping = List.of(result(0, 200, 0, 25, ""), result(1, 200, 20, 30, ""),
                result(2, 200, 0, 5, ""), result(3, 200, 40, 50, ""));
        List<Load.Result> stopRefused = List.of(result(0, 200, 0, 10, ""), result(1, 503, 20, 30, "{\"Error\":\"busy\"}"),
                result(2, 200, 0, 5, ""), result(3, 200, 40, 50, ""));

        assertThat(LoadTortureTest.implied("a", serial, keys, actions)).isFalse();
        assertThat(LoadTortureTest.implied("b", serial, keys, actions)).isTrue();
        assertThat(LoadTortureTest.implied("a", overlapping, keys, actions)).isNull();
        assertThat(LoadTortureTest.implied("a", stopRefused, keys, actions)).as("only accepted changes count").isTrue();
    }

    @Test
    void timer_sumsCountAndSecondsOverLabelSets() {
        String metrics = "# HELP netfault_fault_apply_seconds Time to apply # TYPE netfault_fault_apply_seconds histogram "
                + "netfault_fault_apply_seconds_bucket{kind=\"blackhole\",le=\"0.01\",} 3.0 "
                + "netfault_fault_apply_seconds_count{kind=\"blackhole\",} 4.0 "
                + "netfault_fault_apply_seconds_sum{kind=\"blackhole\",} 0.04 "
                + "netfault_fault_apply_seconds_count{kind=\"loss\",} 1.0 netfault_fault_apply_seconds_sum{kind=\"loss\",} 0.01 "
                + "netfault_fault_revert_seconds_count{kind=\"loss\",} 9.0";

        double[] t = ConcurrencyBenchTest.timer(metrics, "netfault_fault_apply_seconds");

        assertThat(t[0]).isEqualTo(5.0);
        assertThat(t[1]).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
    }
}
