package io.kafkalessons.lesson22;

import io.kafkalessons.lesson22.MigrationResult.Znodes;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationLessonTest {

    private static final String BROKER_CONTROLLER = "\"brokerid\":[123],.*\"kraftControllerEpoch\":-1";
    private static final String KRAFT_CONTROLLER = "\"brokerid\":3000,.*\"kraftControllerEpoch\":[1-9]";

    private static ZooKeeperEnsemble zookeeper;
    private static MigrationResult result;

    @BeforeAll
    static void runLesson() throws Exception {
        zookeeper = ZooKeeperEnsemble.builder().servers(1).name("lesson-22-test").start();
        result = new MigrationLesson(zookeeper.connectString(), "", Faults.of(zookeeper), Narrator.silent()).run();
    }

    @AfterAll
    static void stopEnsemble() {
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    @Test
    @DisplayName("In ZooKeeper mode the 3 brokers are registered under /brokers/ids, one of them holds /controller, and"
            + " there is no /migration")
    void zookeeperModeHasABrokerAsController() {
        Znodes z = result.phase("zookeeper-mode").znodes();
        assertThat(z.brokers()).containsExactly("1", "2", "3");
        assertThat(z.controller()).containsPattern(BROKER_CONTROLLER);
        assertThat(z.migration()).isEmpty();
    }

    @Test
    @DisplayName("A KRaft controller started in migration mode changes nothing in ZooKeeper's /controller until every broker"
            + " has registered with it")
    void controllerWaitsForTheBrokers() {
        Znodes z = result.phase("controller-started").znodes();
        assertThat(z.controller()).containsPattern(BROKER_CONTROLLER);
        assertThat(z.brokers()).containsExactly("1", "2", "3");
    }

    @Test
    @DisplayName("Once the last broker restarted in migration mode, the KRaft controller (node 3000) holds /controller and"
            + " /migration records up to which offset of its log the metadata was copied")
    void kraftControllerTakesOver() {
        Znodes z = result.phase("brokers-in-migration-mode").znodes();
        assertThat(z.controller()).containsPattern(KRAFT_CONTROLLER);
        assertThat(z.brokers()).containsExactly("1", "2", "3");
        assertThat(z.migration()).contains("\"kraft_controller_id\":3000").containsPattern("\"kraft_metadata_offset\":[1-9]");
    }

    @Test
    @DisplayName("In migration mode a new topic is written to ZooKeeper too (dual write); after finalizing it is not")
    void dualWriteEndsWhenFinalized() {
        assertThat(result.dualWrite()).isTrue();
        assertThat(result.afterFinal()).isFalse();
    }

    @Test
    @DisplayName("Brokers in KRaft mode are not registered in ZooKeeper; the quorum has 1 voter (3000) and the 3 brokers as"
            + " observers")
    void brokersLeaveZooKeeper() {
        assertThat(result.phase("brokers-in-kraft-mode").znodes().brokers()).isEmpty();
        assertThat(result.voters()).containsExactly(MigrationCluster.CONTROLLER_ID);
        assertThat(result.observers()).containsExactly(1, 2, 3);
    }

    @Test
    @DisplayName("The topic, its retention.ms and its ACL read the same from the KRaft cluster as from the ZooKeeper one")
    void metadataSurvives() {
        assertThat(result.before().topics()).containsExactly(MigrationLesson.ORDERS);
        assertThat(result.before().retention()).isEqualTo(MigrationLesson.RETENTION_MS);
        assertThat(result.before().acls()).containsExactly(MigrationLesson.ORDERS + " User:alice READ ALLOW");
        assertThat(result.after()).isEqualTo(result.before());
    }

    @Test
    @DisplayName("A producer with acks=all wrote through every phase, ZooKeeper's stop included: 0 sends failed, 0 acknowledged"
            + " records lost, 0 duplicates")
    void noAcknowledgedRecordIsLost() {
        assertThat(result.zookeeperOff()).isTrue();
        assertThat(result.traffic().acknowledged()).isGreaterThan(1000);
        assertThat(result.traffic().failed()).isZero();
        assertThat(result.traffic().lost()).isZero();
        assertThat(result.traffic().duplicates()).isZero();
        assertThat(result.phases().stream().map(MigrationResult.Phase::name).toList()).isEqualTo(List.of("zookeeper-mode",
                "controller-started", "brokers-in-migration-mode", "brokers-in-kraft-mode", "finalized"));
    }

    @Test
    @DisplayName("Try this 1: the controller's log, read as the README's grep does, shows the migration driver going from"
            + " WAIT_FOR_BROKERS through BECOME_CONTROLLER, ZK_MIGRATION, SYNC_KRAFT_TO_ZK and KRAFT_CONTROLLER_TO_BROKER_COMM to"
            + " DUAL_WRITE within 1 s; after the finalized controller's start, no driver line at all")
    void tryReadingTheControllersAccount() throws Exception {
        String grep = TryThis.typed(TryThis.readme(), 1, "grep ").get(0);
        String pattern = grep.substring(grep.indexOf('"') + 1, grep.lastIndexOf('"'));
        String file = grep.substring(grep.lastIndexOf(' ') + 1);
        assertThat(file).startsWith("logs/");
        // The README's logs/ folder is where ./lessons writes; the tests write under target/sandbox-logs.
        Path logs = Path.of(System.getProperty("sandbox.logs"));
        List<String> log = Files.readAllLines(logs.resolve(file.substring("logs/".length())));
        List<Integer> starts = IntStream.range(0, log.size()).filter(i -> log.get(i).startsWith("---- sandbox: starting")).boxed().toList();
        assertThat(starts).as("the controller in migration mode, then finalized").hasSize(2);
        int secondStart = starts.get(1);
        List<String> migrating = log.subList(0, secondStart).stream().filter(l -> l.contains(pattern)).toList();
        List<String> states = migrating.stream().map(l -> l.replaceAll(".* to (\\w+) state$", "$1")).toList();
        assertThat(states).containsSubsequence("WAIT_FOR_BROKERS", "BECOME_CONTROLLER", "ZK_MIGRATION", "SYNC_KRAFT_TO_ZK",
                "KRAFT_CONTROLLER_TO_BROKER_COMM", "DUAL_WRITE");
        LocalTime claimed = timeOf(migrating.get(states.indexOf("BECOME_CONTROLLER")));
        LocalTime dualWrite = timeOf(migrating.get(states.indexOf("DUAL_WRITE")));
        assertThat(Duration.between(claimed, dualWrite)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(log.subList(secondStart, log.size())).noneMatch(l -> l.contains("KRaftMigrationDriver"));
    }

    /** The time a log line starts with, {@code 07:22:31.925}. */
    private static LocalTime timeOf(String line) {
        return LocalTime.parse(line.substring(0, line.indexOf(' ')));
    }

    @Test
    @DisplayName("The README's RESULT line has the shape of this run's")
    void readmeShowsThisRunsResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md")))).isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
