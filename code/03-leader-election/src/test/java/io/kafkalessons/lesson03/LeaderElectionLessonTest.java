package io.kafkalessons.lesson03;

import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderElectionLessonTest {

    private static ZooKeeperEnsemble zk;
    private static LeaderElectionResult result;

    @BeforeAll
    static void runLessonOnThreeServers() throws Exception {
        zk = ZooKeeperEnsemble.builder().servers(3).name("lesson-03-test").start();
        result = new LeaderElectionLesson(zk.connectString(), Narrator.silent()).run();
    }

    @AfterAll
    static void stopEnsemble() {
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    @DisplayName("Try this 1 (--try 1): candidates that watch the parent are all woken by every resignation (at least 4, 3, 2"
            + " and 1 of the 5), not one each, so the lesson's one-wake-up check fails (exit 1); the order of leaders stays")
    void tryWatchingTheParentWakesTheHerd() throws Exception {
        LeaderElectionLesson.Recipe herd = new LeaderElectionLesson(zk.connectString(), Narrator.silent(), true).recipeByHand();
        assertThat(herd.leaders()).containsExactly(0, 1, 2, 3, 4);
        assertThat(herd.notifiedPerFailover()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(herd.notifiedPerFailover().get(i)).as("woken by resignation " + (i + 1)).isGreaterThanOrEqualTo(4 - i);
        }
    }

    @Test
    @DisplayName("The recipe: the lowest sequential znode leads, and leadership passes in creation order as leaders resign")
    void leadershipPassesInOrder() {
        assertThat(result.recipeLeaders()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    @DisplayName("Each resignation wakes exactly one candidate (its successor): no herd effect")
    void noHerdEffect() {
        assertThat(result.notifiedPerFailover()).containsExactly(1, 1, 1, 1);
    }

    @Test
    @DisplayName("Over 20 forced session expiries of the LeaderLatch leader, the fenced store never accepts an old leader's write after a new leader's")
    void neverTwoLeadersWithFencing() {
        assertThat(result.failovers()).isEqualTo(20);
        assertThat(result.overlapsWhenStopping()).isZero();
        assertThat(result.medianFailoverMillis()).as("within a quarter of a second").isBetween(1L, 249L);
    }

    @Test
    @DisplayName("Without fencing, leaders that finish their batch after losing the session write alongside the new leader")
    void naiveLeadersOverlap() {
        assertThat(result.naiveFailovers()).isEqualTo(5);
        assertThat(result.naiveOverlapsPerFailover()).as("on every one of the 5 failovers")
                .hasSize(5).allSatisfy(n -> assertThat(n).isPositive());
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 3 exits 0")
    void asExpected() {
        assertThat(result.asExpected()).isTrue();
    }

    @Test
    @DisplayName("The README shows a recorded run whose RESULT line has the shape this run's RESULT has")
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
