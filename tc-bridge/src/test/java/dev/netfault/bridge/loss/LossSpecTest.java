package dev.netfault.bridge.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.target.Targeting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LossSpecTest {

    @ParameterizedTest
    @CsvSource({
        "0, RANDOM, 0, 'lossPercent: 0 (expected: 1-100)'",
        "101, RANDOM, 0, 'lossPercent: 101 (expected: 1-100)'",
        "20, RANDOM, 5, 'meanBurstPackets: 5 (expected: only with lossModel burst)'",
        "20, BURST, 0, 'meanBurstPackets: 0 (expected: 1-1000)'",
        "20, BURST, 1001, 'meanBurstPackets: 1001 (expected: 1-1000)'",
        "100, BURST, 5, 'lossPercent: 100 (expected: 1-99 with lossModel burst; use random for 100)'",
        "51, BURST, 1, 'lossPercent: 51 (expected: at most 50 with meanBurstPackets 1; longer bursts allow more loss)'",
        "67, BURST, 2, 'lossPercent: 67 (expected: at most 66 with meanBurstPackets 2; longer bursts allow more loss)'"})
    void new_rejectsOutOfBounds(int loss, LossModel model, int burst, String message) {
        assertThatThrownBy(() -> new LossSpec(loss, model, burst, Targeting.all()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"1, RANDOM, 0", "100, RANDOM, 1", "50, BURST, 1", "66, BURST, 2", "99, BURST, 1000", "1, BURST, 1"})
    void new_acceptsBounds(int loss, LossModel model, int burst) {
        assertThat(new LossSpec(loss, model, burst, Targeting.all()).lossPercent()).isEqualTo(loss);
    }

    @Test
    void parse_lossModelNamesTheChoices() {
        assertThat(LossModel.parse("")).isEqualTo(LossModel.RANDOM);
        assertThat(LossModel.parse("Burst")).isEqualTo(LossModel.BURST);
        assertThatThrownBy(() -> LossModel.parse("gilbert")).hasMessage("lossModel: 'gilbert' (expected: random or burst)");
    }

    @Test
    void goodToBad_keepsTheLongRunLoss() {
        LossSpec s = new LossSpec(25, LossModel.BURST, 4, Targeting.all());
        double p = LossPlanner.goodToBad(s).doubleValue();
        double r = LossPlanner.badToGood(s).doubleValue();
        assertThat(p / (p + r)).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(100 / r).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-4));
    }
}
