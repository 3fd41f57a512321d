package dev.netfault.bridge.impairment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.target.Targeting;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImpairmentSpecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-1|0|0|NONE|0|RANDOM|0|0|0|0|DelayMilliseconds: -1 (expected: 0-60000)",
        "60001|0|0|NONE|0|RANDOM|0|0|0|0|DelayMilliseconds: 60001 (expected: 0-60000)",
        "10|60001|0|NONE|0|RANDOM|0|0|0|0|JitterMilliseconds: 60001 (expected: 0-60000)",
        "10|5|101|NONE|0|RANDOM|0|0|0|0|CorrelationPercent: 101 (expected: 0-100)",
        "0|0|0|NONE|101|RANDOM|0|0|0|0|LossPercent: 101 (expected: 0-100)",
        "0|0|0|NONE|0|RANDOM|0|-1|0|0|CorruptPercent: -1 (expected: 0-100)",
        "0|0|0|NONE|0|RANDOM|0|0|101|0|DuplicatePercent: 101 (expected: 0-100)",
        "10|0|0|NONE|0|RANDOM|0|0|0|101|ReorderPercent: 101 (expected: 0-100)",
        "0|0|0|NONE|0|RANDOM|0|0|0|0|required at least one of DelayMilliseconds, JitterMilliseconds, LossPercent, "
                + "CorruptPercent, DuplicatePercent or ReorderPercent to be non-zero",
        "0|0|25|NONE|5|RANDOM|0|0|0|0|CorrelationPercent: 25 (expected: 0 without DelayMilliseconds or "
                + "JitterMilliseconds; it correlates successive delays)",
        "10|0|0|NORMAL|0|RANDOM|0|0|0|0|Distribution: 'normal' (expected: a non-zero JitterMilliseconds; a distribution "
                + "shapes the jitter)",
        "0|10|0|NORMAL|0|RANDOM|0|0|0|0|Distribution: 'normal' (expected: a non-zero DelayMilliseconds as well; netem "
                + "spreads the jitter around a delay)",
        "0|10|0|PARETO|5|RANDOM|0|0|0|0|Distribution: 'pareto' (expected: a non-zero DelayMilliseconds as well; netem "
                + "spreads the jitter around a delay)",
        "0|0|0|NONE|0|RANDOM|0|0|0|25|ReorderPercent: 25 (expected: a non-zero DelayMilliseconds; netem reorders by "
                + "sending some packets without the delay)",
        "0|10|0|NONE|0|RANDOM|0|0|0|25|ReorderPercent: 25 (expected: a non-zero DelayMilliseconds; netem reorders by "
                + "sending some packets without the delay)",
        "10|0|0|NONE|0|BURST|5|0|0|0|LossModel: 'burst' (expected: only with a non-zero LossPercent)",
        "10|0|0|NONE|0|RANDOM|5|0|0|0|MeanBurstPackets: 5 (expected: 0 without LossPercent; it is the mean run of burst "
                + "losses)",
        "0|0|0|NONE|60|BURST|1|0|0|0|lossPercent: 60 (expected: at most 50 with meanBurstPackets 1; longer bursts allow "
                + "more loss)",
        "0|0|0|NONE|100|BURST|5|0|0|0|lossPercent: 100 (expected: 1-99 with lossModel burst; use random for 100)",
        "0|0|0|NONE|10|BURST|0|0|0|0|meanBurstPackets: 0 (expected: 1-1000)",
        "0|0|0|NONE|10|RANDOM|5|0|0|0|meanBurstPackets: 5 (expected: only with lossModel burst)"})
    void new_rejectsWhatNetemCannotDoNamingTheField(long delay, long jitter, int corr, Distribution d, int loss,
                                                     LossModel model, int burst, int corrupt, int dup, int reorder,
                                                     String message) {
        assertThatThrownBy(() -> new ImpairmentSpec(delay, jitter, corr, d, loss, model, burst, corrupt, dup, reorder,
                Targeting.all())).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0|0|NONE|0|RANDOM|0|1|0|0", "0|0|0|NONE|0|RANDOM|0|0|100|0", "1|0|0|NONE|0|RANDOM|0|0|0|100",
        "0|1|0|NONE|0|RANDOM|0|0|0|0", "0|10|25|UNIFORM|0|RANDOM|0|0|0|0", "1|10|25|PARETO|0|RANDOM|0|0|0|0", "0|0|0|NONE|100|RANDOM|0|0|0|0",
        "60000|60000|100|PARETONORMAL|50|BURST|1|100|100|100", "50|0|0|NONE|5|RANDOM|0|0|5|0"})
    void new_acceptsEveryCombinationNetemTakes(long delay, long jitter, int corr, Distribution d, int loss,
                                               LossModel model, int burst, int corrupt, int dup, int reorder) {
        ImpairmentSpec s = new ImpairmentSpec(delay, jitter, corr, d, loss, model, burst, corrupt, dup, reorder,
                Targeting.all());
        assertThat(s.kind()).isEqualTo("impairment");
        assertThat(s.reorderPercent()).isEqualTo(reorder);
    }
}
