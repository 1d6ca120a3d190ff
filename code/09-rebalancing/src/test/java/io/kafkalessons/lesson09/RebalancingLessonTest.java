package io.kafkalessons.lesson09;

import io.kafkalessons.lesson09.RebalancingResult.JoinRun;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RebalancingLessonTest {

    private static final Set<Integer> ALL = Set.of(0, 1, 2, 3, 4, 5);
    private static KafkaCluster kafka;
    private static RebalancingResult result;

    @BeforeAll
    static void runLessonOnThreeBrokers() throws Exception {
        kafka = RebalancingMain.INFO.needs().kafkaSetup().apply(KafkaCluster.builder().brokers(3).name("lesson-09-test")).start();
        result = new RebalancingLesson(kafka.bootstrapServers(), Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Eager (classic, RangeAssignor): when a member joins, the first member has all 6 partitions revoked, even the 3 it gets back")
    void eagerRevokesEverything() {
        JoinRun eager = result.join(RebalancingLesson.EAGER);
        assertThat(eager.revokedFromFirst()).isEqualTo(ALL);
        assertThat(eager.firstKeeps()).hasSize(3);
        assertThat(eager.revokedFromFirst()).containsAll(eager.firstKeeps());
    }

    @Test
    @DisplayName("Try this 1 (--try 1): with RoundRobinAssignor the eager join deals alternate partitions (first keeps 0, 2, 4 or"
            + " 1, 3, 5) but still revokes all 6 first; that is all the eager part of the run checks, so the lesson still exits 0")
    void tryRoundRobinIsJustAsEager() throws Exception {
        RebalancingLesson roundRobin = new RebalancingLesson(kafka.bootstrapServers(), Narrator.silent(), RoundRobinAssignor.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Clients.producer(kafka.bootstrapServers()))) {
            JoinRun eager = roundRobin.join(kafka.admin(), producer, (short) 3, RebalancingLesson.EAGER);
            assertThat(eager.revokedFromFirst()).isEqualTo(ALL);
            assertThat(eager.firstKeeps()).isIn(Set.of(0, 2, 4), Set.of(1, 3, 5));
            assertThat(eager.secondGets()).hasSize(3).doesNotContainAnyElementsOf(eager.firstKeeps());
        }
    }

    @Test
    @DisplayName("Cooperative (classic, CooperativeStickyAssignor): only the 3 partitions that move are revoked; the kept 3 never stop")
    void cooperativeRevokesOnlyWhatMoves() {
        assertOnlyMovedPartitionsRevoked(result.join(RebalancingLesson.COOPERATIVE));
    }

    @Test
    @DisplayName("The consumer protocol (KIP-848): only the 3 partitions that move are revoked; the kept 3 never stop")
    void consumerProtocolRevokesOnlyWhatMoves() {
        assertOnlyMovedPartitionsRevoked(result.join(RebalancingLesson.CONSUMER));
    }

    private static void assertOnlyMovedPartitionsRevoked(JoinRun run) {
        assertThat(run.revokedFromFirst()).hasSize(3).isEqualTo(run.secondGets());
        assertThat(run.firstKeeps()).hasSize(3).doesNotContainAnyElementsOf(run.revokedFromFirst());
        Set<Integer> union = new HashSet<>(run.firstKeeps());
        union.addAll(run.secondGets());
        assertThat(union).isEqualTo(ALL);
    }

    @Test
    @DisplayName("Every protocol ends with 3 partitions per member, each partition owned once")
    void everyProtocolBalances() {
        assertThat(result.joins()).extracting(JoinRun::protocol)
                .containsExactly(RebalancingLesson.EAGER, RebalancingLesson.COOPERATIVE, RebalancingLesson.CONSUMER);
        assertThat(result.joins()).allSatisfy(j -> {
            assertThat(j.firstKeeps()).hasSize(3);
            assertThat(j.secondGets()).hasSize(3).doesNotContainAnyElementsOf(j.firstKeeps());
        });
    }

    @Test
    @DisplayName("A static member restarting within the session timeout gets its partitions back; nothing moves and no rebalance happens")
    void staticMemberRestartMovesNothing() {
        assertThat(result.staticMember().after()).isEqualTo(result.staticMember().before()).hasSize(3);
        assertThat(result.staticMember().revokedFromOther()).isEmpty();
        assertThat(result.staticMember().rebalances()).isZero();
    }

    @Test
    @DisplayName("The same restart without group.instance.id costs two rebalances (leave, rejoin); the other member's partitions are revoked")
    void dynamicMemberRestartRebalances() {
        assertThat(result.dynamicMember().revokedFromOther()).isNotEmpty();
        assertThat(result.dynamicMember().rebalances()).isEqualTo(2);
    }

    @Test
    @DisplayName("With group.protocol=consumer, setting partition.assignment.strategy, heartbeat.interval.ms or session.timeout.ms throws a ConfigException")
    void consumerProtocolRefusesClassicSettings() {
        assertThat(result.classicOnlyWithConsumerProtocol()).containsOnlyKeys(
                "partition.assignment.strategy", "heartbeat.interval.ms", "session.timeout.ms");
        assertThat(result.classicOnlyWithConsumerProtocol()).allSatisfy(
                (setting, outcome) -> assertThat(outcome).isEqualTo("ConfigException"));
    }

    @Test
    @DisplayName("A member that does not poll within max.poll.interval.ms loses its 3 partitions to the other member")
    void slowConsumerIsThrownOut() {
        assertThat(result.slowConsumer().otherOwnedAll()).isTrue();
        assertThat(result.slowConsumer().takenFromSlow()).hasSize(3);
        assertThat(result.slowConsumer().movedAfterMillis().orElseThrow()).as("not before the 3 s poll interval")
                .isGreaterThanOrEqualTo(3000);
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 9 exits 0")
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
