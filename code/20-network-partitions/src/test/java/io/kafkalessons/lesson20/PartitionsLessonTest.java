package io.kafkalessons.lesson20;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionsLessonTest {

    private static KafkaCluster kafka;
    private static PartitionsResult result;

    @BeforeAll
    static void runLesson() throws Exception {
        // The nodes log at INFO, as with ./lessons 20 --verbose, for Try this 1's line.
        System.setProperty("sandbox.nodeLogLevel", "info");
        try {
            kafka = PartitionsMain.INFO.needs().kafkaSetup().apply(KafkaCluster.builder().brokers(3).name("lesson-20-test")).start();
            result = new PartitionsLesson(kafka.bootstrapServers(), Optional.of(kafka.links()), Narrator.silent()).run();
        } finally {
            System.clearProperty("sandbox.nodeLogLevel");
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Step 1: the majority fences the cut-off leader after broker.session.timeout.ms (4 s, the last heartbeat at most"
            + " 0.5 s before the cut) and elects another replica, in a new leader epoch")
    void majorityElectsANewLeader() {
        PartitionsResult.Split split = result.split().value();
        assertThat(split.newLeader()).isNotEqualTo(split.oldLeader()).isIn(kafka.brokers().stream().map(b -> b.id()).toList());
        assertThat(split.failoverMillis()).isBetween(3500L, 15_000L);
        assertThat(split.fenced()).containsExactly(split.oldLeader());
        assertThat(split.epochs().get(1)).isGreaterThan(split.epochs().get(0));
    }

    @Test
    @DisplayName("Try this 1: at INFO, the log of the broker step 1 cut off shows it truncating lesson20-split-0 to offset 100"
            + " after the heal, which throws away the 50 acks=1 records at offsets 100 to 149")
    void tryReadingTheTruncationInTheLog() throws Exception {
        int cutOff = result.split().value().oldLeader();
        Path log = Path.of(System.getProperty("sandbox.logs"), "lesson-20-test", "broker-" + cutOff + ".log");
        assertThat(Files.readAllLines(log)).anyMatch(line -> line.matches(
                ".*Truncating partition lesson20-split-0 with TruncationState\\(offset=100, .*\\) due to leader epoch and offset .*"));
    }

    @Test
    @DisplayName("Step 1: the cut-off broker still says it leads, with the ISR it had, and acknowledges all 50 acks=1 writes;"
            + " none of its 50 acks=all writes is acknowledged")
    void oldLeaderStillServesItsSide() {
        PartitionsResult.Split split = result.split().value();
        assertThat(split.staleView()).containsExactly(split.oldLeader(), 1, 2, 3);
        assertThat(split.oldSideAcks1().acked()).isEqualTo(50);
        assertThat(split.oldSideAcksAll().acked()).isZero();
        assertThat(split.oldSideAcksAll().firstError()).isEqualTo("TimeoutException");
    }

    @Test
    @DisplayName("Step 1: after the heal all 50 acks=1 records the old leader acknowledged are gone; every acks=all record"
            + " acknowledged is there, and the old leader is back in the ISR")
    void acksOneLostAcksAllKept() {
        PartitionsResult.Split split = result.split().value();
        assertThat(split.majorityAcksAll().acked()).isEqualTo(50);
        assertThat(split.readAfterHeal()).isEqualTo(Map.of(SplitStep.BEFORE, 100, SplitStep.MAJORITY_ACKS_ALL, 50));
        assertThat(split.lostAcks1()).isEqualTo(50);
        assertThat(split.lostAcksAll()).isZero();
        assertThat(split.healedIsr()).containsExactly(1, 2, 3);
    }

    @Test
    @DisplayName("Step 2: a follower cut off one way holds the high watermark back while in the ISR, leaves the ISR after"
            + " replica.lag.time.max.ms (3 s, less the up to 0.5 s its last fetch waited) without being fenced, and comes back")
    void followerCutOffLeavesTheIsr() {
        PartitionsResult.FollowerCut cut = result.follower().value();
        assertThat(cut.acked()).isEqualTo(20);
        assertThat(cut.endWhileInIsr()).isEqualTo(cut.endBefore()).isEqualTo(10);
        // The last fetch before the cut may have waited at the leader for up to replica.fetch.wait.max.ms (0.5 s), so the
        // leader counts the follower's lag from up to 0.5 s before the cut.
        assertThat(cut.outOfIsrMillis()).isBetween(PartitionsMain.REPLICA_LAG_MS - 500, 15_000L);
        assertThat(cut.endAfter()).isEqualTo(30);
        assertThat(cut.fenced()).isEmpty();
        assertThat(cut.backMillis()).isBetween(0L, 15_000L);
    }

    @Test
    @DisplayName("Step 3: a 1.5 s cut changes nothing: same leader, leader epoch and ISR, nobody fenced; the acks=all writes"
            + " made meanwhile all succeed, none before the heal")
    void shortCutChangesNothing() {
        PartitionsResult.ShortCut cut = result.shortCut().value();
        assertThat(cut.cutMillis()).isGreaterThanOrEqualTo(FollowerStep.SHORT_CUT.toMillis());
        assertThat(cut.after()).isEqualTo(cut.before());
        assertThat(cut.after().get(0)).isEqualTo(cut.leader());
        assertThat(cut.after().get(2)).isEqualTo(3);
        assertThat(cut.fencedAfter()).isEmpty();
        assertThat(cut.writes().acked()).isEqualTo(10);
        // Acknowledging needs the followers' fetches, which reach the leader only once the cut has healed.
        assertThat(cut.firstAckMillis()).isBetween(FollowerStep.SHORT_CUT.toMillis(), cut.cutMillis() + 3000);
    }

    @Test
    @DisplayName("Step 4: cut off from both followers, the ZooKeeper leader stops serving no sooner than syncLimit (2 s, less the"
            + " 0.1 s between its pings) after the cut; its client is told (SUSPENDED) and its write gets CONNECTIONLOSS;"
            + " the followers elect one of themselves")
    void zooKeeperLeaderCutOffStopsServing() {
        PartitionsResult.ZooKeeperCut cut = result.zookeeper().value();
        long earliest = ZooKeeperStep.SYNC_LIMIT_MS - 100;
        assertThat(cut.newLeader()).isNotEqualTo(cut.oldLeader()).isBetween(1, 3);
        assertThat(cut.electedMillis()).isBetween(earliest, 10_000L);
        assertThat(cut.toldMillis()).isBetween(earliest, 10_000L);
        assertThat(cut.writeOutcome()).isEqualTo("CONNECTIONLOSS");
        assertThat(cut.writeAnsweredMillis()).isBetween(earliest, 10_000L);
        assertThat(cut.statesOfA().get(0)).isEqualTo("SUSPENDED");
    }

    @Test
    @DisplayName("Step 4: A's leader latch lets go when its connection is SUSPENDED; B's latch leads only once A's session"
            + " expired on the majority's side, at least the 4 s session timeout after the new leader: never two leaders")
    void curatorLeaderLetsGoBeforeAnotherLeads() {
        PartitionsResult.ZooKeeperCut cut = result.zookeeper().value();
        assertThat(cut.latchLostMillis()).isBetween(cut.toldMillis(), cut.toldMillis() + 1000);
        assertThat(cut.latchWonMillis()).isGreaterThan(cut.latchLostMillis());
        // The lesson sees the new leader a poll (20 ms) and a srvr round trip after it started counting sessions down; on a
        // busy machine that round trip can take a while, so 0.5 s is allowed for it.
        assertThat(cut.latchWonMillis() - cut.electedMillis()).isBetween(ZooKeeperStep.SESSION_MS - 500L, 15_000L);
    }

    @Test
    @DisplayName("Step 4: healed, the old leader follows the new one, A's write exists on none of the 3 servers, and A, whose"
            + " session expired, was told LOST and connects again with a new session")
    void zooKeeperHealDropsTheUncommittedWrite() {
        PartitionsResult.ZooKeeperCut cut = result.zookeeper().value();
        assertThat(cut.rejoinedAs()).isEqualTo("follower");
        assertThat(cut.serversWithWrite()).isZero();
        assertThat(cut.statesOfA()).containsSubsequence("SUSPENDED", "LOST", "RECONNECTED").endsWith("RECONNECTED");
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 20 exits 0")
    void asExpected() {
        assertThat(result.asExpected()).isTrue();
    }

    @Test
    @DisplayName("On a cluster it did not start there are no relays to cut: every step is skipped with the reason, and that is no failure")
    void withoutRelaysEveryStepSkips() throws Exception {
        PartitionsResult skipped = new PartitionsLesson(kafka.bootstrapServers(), Optional.empty(), Narrator.silent()).run();
        assertThat(skipped.summary()).isEqualTo("split=skipped follower=skipped short_cut=skipped zookeeper=skipped");
        assertThat(skipped.asExpected()).isTrue();
        assertThat(List.of(skipped.split().ran(), skipped.follower().ran(), skipped.shortCut().ran(), skipped.zookeeper().ran()))
                .containsOnly(false);
    }

    @Test
    @DisplayName("The README shows a recorded run whose RESULT line has the shape this run's RESULT has")
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
