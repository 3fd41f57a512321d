package dev.netfault.bridge.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.target.Targeting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LatencySpecTest {

    @ParameterizedTest
    @CsvSource({
        "-1, 0, 0, NONE, 'delayMilliseconds: -1 (expected: 0-60000)'",
        "60001, 0, 0, NONE, 'delayMilliseconds: 60001 (expected: 0-60000)'",
        "10, -1, 0, NONE, 'jitterMilliseconds: -1 (expected: 0-60000)'",
        "10, 60001, 0, NONE, 'jitterMilliseconds: 60001 (expected: 0-60000)'",
        "0, 0, 0, NONE, 'required either DelayMilliseconds or JitterMilliseconds to be non-zero'",
        "10, 5, -1, NONE, 'correlationPercent: -1 (expected: 0-100)'",
        "10, 5, 101, NONE, 'correlationPercent: 101 (expected: 0-100)'",
        "10, 0, 0, NORMAL, 'distribution: ''normal'' (expected: a non-zero JitterMilliseconds; a distribution shapes the jitter)'",
        "0, 10, 0, PARETO, 'distribution: ''pareto'' (expected: a non-zero DelayMilliseconds as well; netem spreads the jitter around a delay)'"})
    void new_rejectsOutOfBounds(long delay, long jitter, int corr, Distribution d, String message) {
        assertThatThrownBy(() -> new LatencySpec(delay, jitter, corr, d, Targeting.all()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 0, NONE", "60000, 60000, 100, PARETO", "1, 0, 0, NONE", "10, 1, 0, UNIFORM", "0, 1, 0, UNIFORM"})
    void new_acceptsBounds(long delay, long jitter, int corr, Distribution d) {
        LatencySpec s = new LatencySpec(delay, jitter, corr, d, Targeting.all());
        assertThat(s.delayMs()).isEqualTo(delay);
        assertThat(s.kind()).isEqualTo("latency");
    }

    @Test
    void parse_distributionNamesTheChoices() {
        assertThat(Distribution.parse(null)).isEqualTo(Distribution.NONE);
        assertThat(Distribution.parse(" ParetoNormal ")).isEqualTo(Distribution.PARETONORMAL);
        assertThatThrownBy(() -> Distribution.parse("gauss"))
                .hasMessage("distribution: 'gauss' (expected: normal, pareto, paretonormal or uniform)");
    }
}
