package io.kafkalessons.lesson04;

import io.kafkalessons.lesson04.QuorumResult.Tolerance;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class QuorumLessonTest {

    private static ZooKeeperEnsemble zk;
    private static QuorumResult result;

    @BeforeAll
    static void runLessonOnItsOwnEnsembles() throws Exception {
        zk = ZooKeeperEnsemble.builder().servers(3).name("lesson-04-test").start();
        result = new QuorumLesson(zk.connectString(), Faults.of(zk), Narrator.silent()).run();
    }

    @AfterAll
    static void stopEnsemble() {
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    @DisplayName("Killing the leader of a 3-server ensemble elects another server")
    void leaderReElected() {
        assertThat(result.reElection().newLeader()).isBetween(1, 3).isNotEqualTo(result.reElection().killedLeader());
        assertThat(result.reElection().millis()).as("well under two seconds").isBetween(1L, 1999L);
    }

    @Test
    @DisplayName("The 2 servers killed in the 3-server ensemble are restarted, and it takes writes again")
    void killedServersRestarted() {
        assertThat(result.restored().servers()).hasSize(2).doesNotHaveDuplicates().allMatch(id -> id >= 1 && id <= 3);
        assertThat(result.restored().writeWorks()).isTrue();
    }

    @Test
    @DisplayName("3 servers take writes with 1 down and refuse them with 2 down")
    void threeToleratesOne() {
        assertThat(result.ensemble(3, 0)).isEqualTo(new Tolerance(3, 0, 1, 2, 1, false));
    }

    @Test
    @DisplayName("4 servers are no better: writes stop at the second loss, with 2 servers still running")
    void fourToleratesOnlyOne() {
        assertThat(result.ensemble(4, 0)).isEqualTo(new Tolerance(4, 0, 1, 2, 2, false));
    }

    @Test
    @DisplayName("5 servers take writes with 2 down (the seed's claim) and refuse them with 3 down")
    void fiveToleratesTwo() {
        assertThat(result.ensemble(5, 0)).isEqualTo(new Tolerance(5, 0, 2, 3, 2, false));
    }

    @Test
    @DisplayName("Observers take writes from clients but do not vote: with 2 of 3 voters down writes stop while 3 servers run")
    void observersDoNotVote() {
        assertThat(result.ensemble(3, 2)).isEqualTo(new Tolerance(3, 2, 1, 2, 3, true));
    }

    @Test
    @DisplayName("A client of a follower that is behind reads the old value v1 after another client's write of v2 succeeded")
    void followersAnswerReadsFromTheirOwnCopy() {
        assertThat(result.staleRead().follower()).isNotEqualTo(result.staleRead().leader());
        assertThat(result.staleRead().staleValue()).isEqualTo("v1");
    }

    @Test
    @DisplayName("sync() is not answered while the follower is behind; once it catches up, sync returns and the next read gives v2")
    void syncMakesTheNextReadCurrent() {
        assertThat(result.staleRead().syncDoneWhileBehind()).isFalse();
        assertThat(result.staleRead().syncDone()).isTrue();
        assertThat(result.staleRead().valueAfterSync()).isEqualTo("v2");
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 4 exits 0")
    void asExpected() {
        assertThat(result.externalWrite()).isTrue();
        assertThat(result.asExpected()).isTrue();
    }

    @Test
    @DisplayName("The README shows a recorded run whose RESULT line has the shape this run's RESULT has")
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
