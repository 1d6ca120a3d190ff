package io.kafkalessons.lesson12;

import io.kafkalessons.lesson12.KafkaOnZooKeeperResult.BrokerLoss;
import io.kafkalessons.lesson12.KafkaOnZooKeeperResult.ControllerMove;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.ZooKeeperConnections;
import org.apache.zookeeper.ZooKeeper;
import io.kafkalessons.testing.ReadmeOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaOnZooKeeperLessonTest {

    private static final String ABOUT_THE_SESSION = "about the 4 s ZooKeeper session, counted from the last ping"
            + " (sent every third of it), plus the reaction";
    private static final long SESSION_MIN_MS = 2500;
    private static final long SESSION_MAX_MS = 6000;

    private static ZooKeeperEnsemble zookeeper;
    private static KafkaOnZooKeeperResult result;
    private static boolean chrootRemoved;

    @BeforeAll
    static void runLessonOnAThreeServerEnsemble() throws Exception {
        zookeeper = ZooKeeperEnsemble.builder().servers(3).name("lesson-12-test").start();
        // One run, as on an ensemble the lesson did not start (its own sandbox differs only in using the root path):
        // every claim below holds below the chroot too, and the lesson must keep to that path and remove it.
        // Run once, not once each way, it saves the suite about 15 s.
        result = new KafkaOnZooKeeperLesson(zookeeper.connectString(), KafkaOnZooKeeperLesson.CHROOT, Narrator.silent()).run();
        try (ZooKeeper zk = ZooKeeperConnections.open(zookeeper.connectString(), 4000)) {
            chrootRemoved = zk.exists(KafkaOnZooKeeperLesson.CHROOT, false) == null;
        }
    }

    @AfterAll
    static void stopEnsemble() {
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    @DisplayName("Three brokers register as ephemeral znodes /brokers/ids/1..3; /controller names one of them")
    void brokersRegisterInZooKeeper() {
        assertThat(result.topZnodes()).contains("brokers", "controller", "controller_epoch", "admin", "config");
        assertThat(result.brokerIds()).containsExactly(1, 2, 3);
        assertThat(result.idsEphemeral()).isTrue();
        assertThat(result.brokerIds()).contains(result.controller());
        assertThat(result.controllerEpoch()).as("one election so far: the first counts").isEqualTo(1);
    }

    @Test
    @DisplayName("Each of the topic's 3 partitions has a state znode with a leader and a 3-broker ISR")
    void partitionStatesLiveInZooKeeper() {
        assertThat(result.partitions()).hasSize(3);
        assertThat(result.partitions().values()).allSatisfy(s -> {
            assertThat(s.isr()).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(s.isr()).contains(s.leader());
        });
    }

    @Test
    @DisplayName("Killing a broker: its /brokers/ids znode vanishes (the children watch fires) and its partitions get new leaders")
    void aDeadBrokersRegistrationVanishes() {
        BrokerLoss loss = result.brokerLoss();
        assertThat(loss.broker()).isNotEqualTo(result.controller());
        assertThat(loss.partitionsLed()).isNotEmpty();
        assertThat(loss.watchEvents()).containsExactly("NodeChildrenChanged");
        assertThat(loss.idsAfter()).hasSize(2).doesNotContain(loss.broker());
        assertThat(loss.partitionsAfter().values()).allSatisfy(s -> {
            assertThat(s.leader()).isNotEqualTo(loss.broker());
            assertThat(s.isr()).doesNotContain(loss.broker());
        });
        assertThat(loss.goneAfterMillis()).as(ABOUT_THE_SESSION).isBetween(SESSION_MIN_MS, SESSION_MAX_MS);
    }

    @Test
    @DisplayName("Killing the controller: /controller is deleted, then created by the surviving broker, and the epoch goes up")
    void theControllerMoves() {
        ControllerMove move = result.controllerMove();
        assertThat(move.from()).isEqualTo(result.controller());
        assertThat(move.watchEvents()).containsExactly("NodeDeleted", "NodeCreated");
        assertThat(move.to()).isNotEqualTo(move.from()).isIn(result.brokerLoss().idsAfter());
        assertThat(move.idsAfter()).containsExactly(move.to());
        assertThat(move.epochAfter()).as("one more election").isEqualTo(move.epochBefore() + 1);
        assertThat(move.afterMillis()).as(ABOUT_THE_SESSION).isBetween(SESSION_MIN_MS, SESSION_MAX_MS);
    }

    @Test
    @DisplayName("On an ensemble it did not start, the lesson keeps Kafka below /kafka-lesson12 and removes it afterwards")
    void onSomeoneElsesEnsembleItUsesItsOwnPath() {
        assertThat(result.brokerIds()).containsExactly(1, 2, 3);
        assertThat(chrootRemoved).isTrue();
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 12 exits 0")
    void asExpected() {
        assertThat(result.asExpected()).isTrue();
        assertThat(result.controllerMove().idsAfter()).isEqualTo(List.of(result.controllerMove().to()));
    }

    @Test
    @DisplayName("The README shows a recorded run whose RESULT line has the shape this run's RESULT has")
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
