package io.kafkalessons.lesson10;

import io.kafkalessons.lesson10.ReplicationResult.Durability;
import io.kafkalessons.lesson10.ReplicationResult.HighWatermark;
import io.kafkalessons.lesson10.ReplicationResult.Probe;
import io.kafkalessons.lesson10.ReplicationResult.TooFewReplicas;
import io.kafkalessons.lesson10.ReplicationResult.Visibility;
import io.kafkalessons.lesson10.ReplicationResult.TwoDown;
import io.kafkalessons.lesson10.ReplicationResult.Unclean;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationLessonTest {

    /** This lesson's 3 s broker session timeout less one 0.5 s heartbeat interval: the earliest fencing. */
    static final long FENCED_AFTER_MIN_MS = 2500;
    /** The session timeout plus up to 1.5 s for the controller to notice and the change to be seen. */
    static final long FENCED_AFTER_MAX_MS = 4500;

    private static KafkaCluster kafka;
    private static ReplicationResult result;

    @BeforeAll
    static void runLessonOnFiveBrokersThatAreAlsoControllers() throws Exception {
        kafka = ReplicationMain.INFO.needs().kafkaSetup()
                .apply(KafkaCluster.builder().brokers(5).name("lesson-10-test")).start();
        result = new ReplicationLesson(kafka.bootstrapServers(), Faults.of(kafka), Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Step 1: three replicas, the first leads, all three in sync")
    void layout() {
        assertThat(result.layout().replicas()).hasSize(3);
        assertThat(result.layout().leader()).isEqualTo(result.layout().replicas().get(0));
        assertThat(result.layout().isr()).containsExactlyInAnyOrderElementsOf(result.layout().replicas());
    }

    @Test
    @DisplayName("Step 2: with a frozen follower still in the ISR, acks=1 records up to offset 109 are acknowledged but consumers see only 100")
    void highWatermarkWaitsForTheIsr() {
        HighWatermark hw = result.highWatermark().value();
        assertThat(hw.acknowledgedEnd()).isEqualTo(110);
        assertThat(hw.endOffsetWhileLagging()).isEqualTo(100);
        assertThat(hw.readWhileLagging()).isEqualTo(100);
    }

    @Test
    @DisplayName("Step 2: once the frozen follower is fenced and leaves the ISR, the high watermark moves to 110 and all 110 are readable")
    void highWatermarkMovesWhenTheIsrShrinks() {
        HighWatermark hw = result.highWatermark().value();
        assertThat(hw.isrAfter()).hasSize(2).doesNotContain(hw.laggingFollower());
        assertThat(hw.endOffsetAfter()).isEqualTo(110);
        assertThat(hw.readAfter()).isEqualTo(110);
        // The 3 s session timeout counts from the broker's last heartbeat, sent up to 0.5 s before the freeze.
        assertThat(hw.leftIsrAfterMillis()).as("about 3 s: not before the session timeout less one heartbeat")
                .isBetween(FENCED_AFTER_MIN_MS, FENCED_AFTER_MAX_MS);
    }

    @Test
    @DisplayName("Step 3: with only the leader in sync, 10 of 10 acks=all writes are refused with NotEnoughReplicas; acks=1 takes 10 of 10")
    void acksAllRefusesWithTooFewInSyncReplicas() {
        TooFewReplicas t = result.tooFew().value();
        assertThat(t.isr()).containsExactly(result.layout().leader());
        assertThat(t.refused()).isEqualTo(t.sent()).isEqualTo(10);
        assertThat(t.error()).isEqualTo("NotEnoughReplicasException");
        assertThat(t.acceptedWithAcksOne()).isEqualTo(10);
    }

    @Test
    @DisplayName("Step 3: acks=1 records accepted below min.insync.replicas stay invisible (high watermark unchanged) until the ISR is full again")
    void strictMinIsrHoldsTheHighWatermark() {
        Visibility v = result.tooFew().value().acksOne();
        assertThat(v.endBelowMinIsr()).as("KIP-966 strict min ISR: no advance with 1 of 2 in sync").isEqualTo(v.endBefore());
        assertThat(v.endAfterRejoin()).isEqualTo(v.endBefore() + 10);
    }

    @Test
    @DisplayName("Step 3: a frozen and a killed follower both rejoin the ISR once they are back and have caught up")
    void followersRejoin() {
        assertThat(result.tooFew().value().isrAfter()).containsExactlyInAnyOrderElementsOf(result.layout().replicas());
        assertThat(result.tooFew().value().rejoinedAfterMillis()).isPositive();
    }

    @Test
    @DisplayName("Step 4: over 10,000 keyed acks=all records through two leader kills: 0 lost, 0 duplicated, every key in order")
    void nothingAcknowledgedIsLostToLeaderKills() {
        Durability d = result.durability();
        assertThat(d.kills()).hasSize(2);
        assertThat(d.kills()).allSatisfy(k -> {
            assertThat(k.leadersLost()).isPositive();
            assertThat(k.millis()).as("the session timeout, counted from the last heartbeat, plus the controller's reaction")
                    .isBetween(FENCED_AFTER_MIN_MS, FENCED_AFTER_MAX_MS);
        });
        assertThat(d.acknowledged()).isGreaterThanOrEqualTo(10_000).isEqualTo(d.sent());
        assertThat(d.failed()).isZero();
        assertThat(d.lost()).isZero();
        assertThat(d.duplicates()).isZero();
        assertThat(d.keysOutOfOrder()).isZero();
        assertThat(d.read()).isEqualTo(d.acknowledged());
    }

    @Test
    @DisplayName("Step 5: after the restarts some partition is not led by its preferred replica; a preferred election leaves 0 such partitions")
    void preferredLeaderElection() {
        assertThat(result.preferred().notPreferredBefore()).isPositive();
        assertThat(result.preferred().notPreferredAfter()).isZero();
    }

    @Test
    @DisplayName("Step 6: with both in-sync replicas dead the partition is offline (no leader, ISR empty, writes time out)")
    void withoutUncleanElectionThePartitionStaysOffline() {
        Unclean u = result.unclean().value();
        assertThat(u.isrWhileOffline()).isEmpty();
        assertThat(u.elrWhileOffline()).as("KIP-966: the replicas that were in sync stay eligible").hasSize(2)
                .doesNotContain(u.outOfSync());
        assertThat(u.offlineError()).isEqualTo("TimeoutException");
    }

    @Test
    @DisplayName("Step 6: the unclean election makes the out-of-sync replica leader, and all 1000 acknowledged acks=all records are lost, for good")
    void uncleanElectionLosesAcknowledgedRecords() {
        Unclean u = result.unclean().value();
        assertThat(u.newLeader()).isEqualTo(u.outOfSync());
        assertThat(u.acknowledged()).isEqualTo(1000);
        assertThat(u.readable()).isZero();
        assertThat(u.lost()).isEqualTo(1000);
        assertThat(u.readableAfterRejoin()).isZero();
        assertThat(u.preReadable()).isEqualTo(u.preRecords()).isEqualTo(100);
    }

    @Test
    @DisplayName("Step 7: five brokers with two killed: the 5-voter quorum still works and RF=5/min.insync=3 takes writes on 5 of 5 partitions")
    void fiveNodesKeepWorkingWithTwoDownWhenReplicatedToAll() {
        TwoDown t = result.twoDown().value();
        assertThat(t.killed()).hasSize(2);
        assertThat(t.voters()).isEqualTo(5);
        assertThat(t.killed()).doesNotContain(t.activeController());
        assertThat(t.metadataWritable()).isTrue();
        assertThat(t.rf5()).hasSize(5).allMatch(Probe::accepted);
    }

    @Test
    @DisplayName("Step 7: with RF=3/min.insync=2, exactly the 3 of 10 partitions that had both dead brokers refuse writes")
    void rf3RefusesExactlyThePartitionsThatLostTwoReplicas() {
        TwoDown t = result.twoDown().value();
        assertThat(t.rf3()).hasSize(10);
        assertThat(t.rf3LostTwo()).hasSize(3);
        assertThat(t.rf3Refused()).isEqualTo(t.rf3LostTwo());
        assertThat(t.rf3()).filteredOn(p -> !p.accepted())
                .allSatisfy(p -> assertThat(p.outcome()).isEqualTo("refused: NotEnoughReplicasException"));
        assertThat(t.rf3()).filteredOn(Probe::accepted)
                .allSatisfy(p -> assertThat(p.isr()).hasSizeGreaterThanOrEqualTo(2));
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 10 exits 0")
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
