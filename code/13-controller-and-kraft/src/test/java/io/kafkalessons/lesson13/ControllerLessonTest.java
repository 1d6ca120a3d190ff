package io.kafkalessons.lesson13;

import io.kafkalessons.lesson13.ControllerResult.Tolerance;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerLessonTest {

    private static KafkaCluster kafka;
    private static ControllerResult result;

    @BeforeAll
    static void runLessonOnTwoBrokersAndThreeControllers() throws Exception {
        kafka = ControllerMain.INFO.needs().kafkaSetup().apply(KafkaCluster.builder().brokers(2).name("lesson-13-test")).start();
        result = new ControllerLesson(kafka.bootstrapServers(), Faults.of(kafka), Optional.of(kafka.disks()), Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("The quorum has three voters and exactly one active controller, and every broker names the same one")
    void exactlyOneActiveController() {
        assertThat(result.voters()).isEqualTo(List.of(101, 102, 103));
        assertThat(result.voters()).contains(result.leader());
        assertThat(result.leadersSeen()).isEqualTo(1);
    }

    @Test
    @DisplayName("Try this 1: the README's kafka-metadata-quorum describe --status names an active controller among the three"
            + " voters, and describe --replication lists each voter's log end offset and lag, one of them the leader")
    void tryDescribingTheQuorum() {
        List<String> status = TryThis.command(1, "kafka-metadata-quorum", Map.of("127.0.0.1:9092", kafka.bootstrapServers()));
        CapturedTool shown = CapturedTool.run(status);
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        int leader = Integer.parseInt(shown.value("LeaderId").orElseThrow());
        assertThat(result.voters()).contains(leader);

        List<String> replication = new ArrayList<>(status);
        replication.set(replication.indexOf("--status"), "--replication");
        CapturedTool voters = CapturedTool.run(replication);
        assertThat(voters.exitCode()).as(voters.err()).isZero();
        List<Map<String, String>> rows = voters.table("NodeId").stream().filter(r -> !r.get("Status").equals("Observer")).toList();
        assertThat(rows).extracting(r -> Integer.parseInt(r.get("NodeId"))).containsExactlyInAnyOrderElementsOf(result.voters());
        assertThat(rows).allSatisfy(r -> assertThat(Long.parseLong(r.get("Lag"))).isNotNegative())
                .filteredOn(r -> r.get("Status").equals("Leader")).extracting(r -> r.get("NodeId"))
                .containsExactly(Integer.toString(leader));
    }

    @Test
    @DisplayName("Try this 2: the README's kafka-dump-log --cluster-metadata-decoder on a broker's copy of __cluster_metadata-0"
            + " prints payloads of type REGISTER_BROKER_RECORD, TOPIC_RECORD and PARTITION_RECORD, and LeaderChange control records")
    void tryDecodingTheMetadataLog() {
        Path folder = kafka.disks().logDir(kafka.brokers().get(0).id()).resolve(ControllerLesson.METADATA_FOLDER);
        CapturedTool dump = CapturedTool.run(TryThis.command(2, "kafka-dump-log", Map.of("<folder>", folder.toString())));
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        assertThat(dump.out()).contains("\"type\":\"REGISTER_BROKER_RECORD\"", "\"type\":\"TOPIC_RECORD\"",
                "\"type\":\"PARTITION_RECORD\"", "LeaderChange: {");
    }

    @Test
    @DisplayName("Creating a topic appends to the metadata log: its high watermark grows")
    void metadataChangesAreLogRecords() {
        assertThat(result.metadataGrowth()).isTrue();
    }

    @Test
    @DisplayName("A broker killed -9 is fenced once its heartbeats stop for the session timeout, and registers again on restart")
    void silentBrokerIsFenced() {
        assertThat(result.fencing().broker()).isEqualTo(2);
        assertThat(result.fencing().fencedAfterMillis()).as("not before the 4 s session timeout, minus one heartbeat")
                .isGreaterThanOrEqualTo(3000);
        assertThat(result.fencing().registeredAgain()).isTrue();
    }

    @Test
    @DisplayName("Killing the active controller makes another voter active; the producer loses nothing and a topic created meanwhile"
            + " exists (Lesson 12's Try this 3: no session to expire, about 2 s)")
    void controllerFailover() {
        ControllerResult.Failover failover = result.failover();
        assertThat(failover.killed()).isEqualTo(result.leader());
        assertThat(failover.newLeader()).isNotEqualTo(failover.killed()).isIn(101, 102, 103);
        assertThat(failover.produced()).isPositive();
        assertThat(failover.produceErrors()).isZero();
        assertThat(failover.topicCreatedDuringFailover()).isTrue();
        // The voters wait controller.quorum.fetch.timeout.ms (2 s) without hearing from the leader, then elect.
        assertThat(failover.millis()).as("about 2 s").isBetween(1500L, 6000L);
    }

    @Test
    @DisplayName("3 voters survive losing 1 and stop at 2; 5 voters survive losing 2 and stop at 3")
    void quorumTolerance() {
        assertThat(result.tolerance()).containsExactly(new Tolerance(3, 1, 2), new Tolerance(5, 2, 3));
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 13 exits 0")
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
