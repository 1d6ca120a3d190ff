package io.kafkalessons.lesson25;

import io.kafkalessons.lesson25.ChangingResult.Added;
import io.kafkalessons.lesson25.ChangingResult.Move;
import io.kafkalessons.lesson25.ChangingResult.Racks;
import io.kafkalessons.lesson25.ChangingResult.Rolling;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ChangingLessonTest {

    /** One fetch of the new replica: up to replica.fetch.max.bytes (1 MiB), plus the batch that crosses it. */
    private static final long ONE_FETCH = 1024 * 1024 + 256 * 1024;
    private static final long MOVED_BYTES = (long) ReassignStep.RECORDS * ReassignStep.RECORD_BYTES;

    private static KafkaCluster kafka;
    private static ChangingResult result;

    @BeforeAll
    static void runLesson() throws Exception {
        kafka = ChangingMain.INFO.needs().kafkaSetup().apply(KafkaCluster.builder().brokers(3).name("lesson-25-test")).start();
        var spare = new ChangingLesson.Spare(ChangingMain.NEW_BROKER, () -> kafka.startSpare(ChangingMain.NEW_BROKER));
        result = new ChangingLesson(kafka.bootstrapServers(), Faults.of(kafka), Optional.of(spare), Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("A broker started into a running cluster joins it (3 brokers, then 4) and holds no replica of the existing topic")
    void addedBrokerGetsNothingByItself() {
        Added added = result.added().value();
        assertThat(added.broker()).isEqualTo(ChangingMain.NEW_BROKER);
        assertThat(added.brokersBefore()).isEqualTo(3);
        assertThat(added.brokersAfter()).isEqualTo(4);
        assertThat(added.replicasOnIt()).isZero();
    }

    @Test
    @DisplayName("With --throttle 1000000 the copy to the new broker is never more than one fetch ahead of 1 MB/s, and not slower than"
            + " a third of it; during the move both brokers and the topic carry the throttle, afterwards none of it is left")
    void throttleHoldsTheCopyToItsRate() {
        Move move = result.moves().value().throttled();
        long throttle = ReassignStep.THROTTLE;
        assertThat(move.to()).contains(ChangingMain.NEW_BROKER);
        assertWithinTheThrottle(move, throttle);
        assertThat(move.throttleDuring()).containsEntry("broker 4 " + ReassignTool.FOLLOWER_RATE, Long.toString(throttle))
                .containsEntry("broker " + move.from().get(0) + " " + ReassignTool.LEADER_RATE, Long.toString(throttle))
                .containsKeys(ReassignStep.TOPIC + " " + ReassignTool.LEADER_REPLICAS,
                        ReassignStep.TOPIC + " " + ReassignTool.FOLLOWER_REPLICAS);
        assertThat(move.throttleAfter()).isEmpty();
    }

    @Test
    @DisplayName("Try this 2 (--try 2): at 500 000 bytes/s the same move keeps to the same bounds, scaled: no faster than the"
            + " throttle but for one fetch (at least 3.5 s for its 3 MB), no slower than a third of it; afterwards no throttle is left")
    void tryHalfTheThrottle() throws Exception {
        ReassignStep half = new ReassignStep(kafka.admin(), kafka.bootstrapServers(), Narrator.silent(), 2);
        List<Integer> sources = List.of(1, 2, 3);
        half.prepare(sources);
        ChangingResult.Moves moves = half.run(sources, ChangingMain.NEW_BROKER);
        assertThat(moves.throttle()).isEqualTo(ReassignStep.TRY_THROTTLE).isEqualTo(500_000);
        assertWithinTheThrottle(moves.throttled(), ReassignStep.TRY_THROTTLE);
        assertThat(moves.throttled().tookMs()).isGreaterThanOrEqualTo(3500);
        assertThat(moves.throttled().throttleAfter()).isEmpty();
    }

    private static void assertWithinTheThrottle(Move move, long throttle) {
        assertThat(move.bytes()).isGreaterThanOrEqualTo(MOVED_BYTES);
        assertThat(move.tookMs()).as("no faster than the throttle, but for one fetch")
                .isGreaterThanOrEqualTo((move.bytes() - ONE_FETCH) * 1000 / throttle);
        assertThat(move.tookMs()).as("no slower than a third of the throttle").isLessThanOrEqualTo(3 * move.bytes() * 1000 / throttle);
    }

    @Test
    @DisplayName("The same 3 MB moved without a throttle takes under a third of the time")
    void withoutAThrottleTheMoveIsFaster() {
        Move throttled = result.moves().value().throttled();
        Move free = result.moves().value().unthrottled();
        assertThat(free.bytes()).isGreaterThanOrEqualTo(MOVED_BYTES);
        assertThat(free.throttleDuring()).isEmpty();
        assertThat(free.tookMs() * 3).isLessThan(throttled.tookMs());
    }

    @Test
    @DisplayName("Racks a, b, c with brokers 1 and 4 both in a: every partition of a new 3-replica topic has one replica per rack")
    void replicasSpreadAcrossRacks() {
        Racks racks = result.racks().value();
        assertThat(racks.replicas()).hasSize(RackStep.PARTITIONS);
        assertThat(racks.partitionsOnAllRacks()).isEqualTo(RackStep.PARTITIONS);
        assertThat(racks.replicas().values()).allSatisfy(replicas -> {
            assertThat(replicas.stream().map(racks.rackOf()::get).distinct()).hasSize(3);
            assertThat(replicas.containsAll(List.of(1, 4))).as("brokers 1 and 4 share rack-a").isFalse();
        });
    }

    @Test
    @DisplayName("A consumer with client.rack reads every record from the replica in its rack, none from the leader elsewhere")
    void consumerFetchesFromTheReplicaInItsRack() {
        Racks racks = result.racks().value();
        long recordBytes = (long) RackStep.RECORDS * RackStep.RECORD_BYTES;
        assertThat(racks.recordsRead()).isEqualTo(RackStep.RECORDS);
        assertThat(racks.preferredReadReplica()).isNotEqualTo(racks.leader());
        assertThat(racks.rackOf().get(racks.preferredReadReplica())).isEqualTo(racks.clientRack());
        assertThat(racks.rackOf().get(racks.leader())).isNotEqualTo(racks.clientRack());
        assertThat(racks.bytesFromReplica()).isGreaterThanOrEqualTo(recordBytes);
        assertThat(racks.bytesFromLeader()).as("no record batch came from the leader").isLessThan(recordBytes / 10);
    }

    @Test
    @DisplayName("A rolling restart of all 4 brokers, active controller last, under acks=all: 0 lost, 0 duplicated, 0 failed,"
            + " never a partition without a leader, ISR never below 2")
    void rollingRestartLosesNothing() {
        Rolling rolling = result.rolling().value();
        assertThat(rolling.order()).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(rolling.order().get(3)).isEqualTo(rolling.controller());
        assertThat(rolling.acked()).isGreaterThanOrEqualTo(400);
        assertThat(rolling.failed()).isZero();
        assertThat(rolling.lost()).isZero();
        assertThat(rolling.duplicates()).isZero();
        assertThat(rolling.keysOutOfOrder()).isZero();
        assertThat(rolling.samples()).as("the leaders were read throughout").isGreaterThanOrEqualTo(20);
        assertThat(rolling.offlineSamples()).isZero();
        assertThat(rolling.minIsr()).as("one replica down at a time").isEqualTo(2);
    }

    @Test
    @DisplayName("After the restarts the broker restarted last leads nothing and at least one partition is not led by its preferred"
            + " replica; a preferred election leaves none")
    void leadershipIsNotHandedBackByItself() {
        Rolling rolling = result.rolling().value();
        assertThat(rolling.lastLeads()).isZero();
        assertThat(rolling.notPreferred()).isGreaterThanOrEqualTo(1);
        assertThat(rolling.notPreferredAfter()).isZero();
    }

    @Test
    void asExpected() {
        assertThat(result.asExpected()).as(result.summary()).isTrue();
    }

    @Test
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md")))).isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
