package io.kafkalessons.runner;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's own run: it must really kill leaders and see new ones (its times are only reported). */
class MeasureCommandTest {

    @Test
    @DisplayName("./lessons measure kills the ZooKeeper leader, a partition leader and the active controller, and sees a new one each time")
    void oneRunSeesEveryFailover() throws Exception {
        MeasureCommand.Run run = MeasureCommand.measureOnce();

        assertThat(run.zkNewLeader()).isBetween(1, 3).isNotEqualTo(run.zkKilledLeader());
        assertThat(run.partitionNewLeader()).isBetween(1, 3).isNotEqualTo(run.partitionKilledLeader());
        assertThat(run.partitionKilledLeader()).as("the partition's leader was not the controller")
                .isNotEqualTo(run.killedController());
        assertThat(run.newController()).isBetween(1, 3).isNotEqualTo(run.killedController());
        assertThat(run.zkRssKib()).hasSize(3).allSatisfy(kib -> assertThat(kib).isPositive());
        assertThat(run.kafkaRssKib()).hasSize(3).allSatisfy(kib -> assertThat(kib).isPositive());
        assertThat(run.zkFirstWriteMs()).isGreaterThanOrEqualTo(run.zkQuorumMs());
    }

    @Test
    @DisplayName("./lessons measure with a bad option says so in one line and exits 2")
    void badOption() {
        CapturedRun run = CapturedRun.lessons("measure", "--runs", "zero");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("lessons measure: unknown option '--runs' (usage: ./lessons measure [--runs 1-99])");
    }
}
