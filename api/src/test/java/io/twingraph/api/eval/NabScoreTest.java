package io.twingraph.api.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Scoring on a hand-made series: ten days, hourly, so the probationary 15% ends at hour 36. */
class NabScoreTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final NabWindow IN_PROBATION = new NabWindow(hour(10), hour(20));
    private static final NabWindow SECOND = new NabWindow(hour(72), hour(96));
    private static final NabWindow THIRD = new NabWindow(hour(144), hour(168));
    private static final NabSeries SERIES = series(240, List.of(IN_PROBATION, SECOND, THIRD));

    @Test
    void windowsAreCaughtOnceFalseAlarmsCountOutsideThemAndTheProbationIsNotScored() {
        List<Instant> detections = List.of(
                hour(12),              // inside a window that ends in the probation: not scored
                hour(30),              // outside windows but in the probation: not scored
                hour(75), hour(80),    // the second window, twice: caught once, 3 h after its start
                hour(96),              // its last instant still counts as inside
                hour(50), hour(200));  // two false alarms
        NabScore score = NabScore.of(SERIES, detections);

        assertThat(SERIES.scoredFrom()).isEqualTo(hour(36));
        assertThat(score.windows()).isEqualTo(2);
        assertThat(score.caught()).isEqualTo(1);
        assertThat(score.falseAlarms()).isEqualTo(2);
        assertThat(score.days()).isCloseTo((239 - 36) / 24.0, within(1e-9));
        assertThat(score.falseAlarmsPerDay()).isCloseTo(2 / ((239 - 36) / 24.0), within(1e-9));
        assertThat(score.meanDelayHours()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void delaysAreAveragedOverCaughtWindowsAndAddUpAcrossSeries() {
        NabScore score = NabScore.of(SERIES, List.of(hour(73), hour(150)));
        assertThat(score.caught()).isEqualTo(2);
        assertThat(score.falseAlarms()).isZero();
        assertThat(score.meanDelayHours()).isCloseTo((1 + 6) / 2.0, within(1e-9));

        NabScore none = NabScore.of(SERIES, List.of());
        assertThat(none.caught()).isZero();
        assertThat(none.meanDelayHours()).isNaN();

        NabScore total = score.plus(none);
        assertThat(total.windows()).isEqualTo(4);
        assertThat(total.caught()).isEqualTo(2);
        assertThat(total.meanDelayHours()).isCloseTo(3.5, within(1e-9));
        assertThat(total.days()).isCloseTo(2 * score.days(), within(1e-9));
    }

    @Test
    void theThresholdLearnsItsBandFromTheProbationAndAlertsOncePerCooldown() {
        // probation alternates 9 and 11 (mean 10, sd 1): the band at 3 sd is 7..13
        List<NabSeries.Point> points = new ArrayList<>();
        for (int h = 0; h < 240; h++) {
            double v = h < 36 ? (h % 2 == 0 ? 9 : 11) : 10;
            if (h >= 100 && h < 110) {
                v = 14;                 // ten hours out of band: alerts at 100 and 106 (six-hour cooldown)
            }
            if (h == 200) {
                v = 6.5;
            }
            points.add(new NabSeries.Point(hour(h), v));
        }
        NabSeries series = new NabSeries("hand-made", points, List.of(), 0);
        NabThreshold threshold = new NabThreshold(3, Duration.ofHours(6));

        assertThat(threshold.learn(series)).isEqualTo(new NabThreshold.Band(7, 13));
        assertThat(threshold.detect(series)).containsExactly(hour(100), hour(106), hour(200));
    }

    private static NabSeries series(int hours, List<NabWindow> windows) {
        List<NabSeries.Point> points = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            points.add(new NabSeries.Point(hour(h), 0));
        }
        return new NabSeries("hand-made", points, windows, 0);
    }

    private static Instant hour(long h) {
        return T0.plus(Duration.ofHours(h));
    }
}
