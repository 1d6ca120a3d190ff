package io.kafkalessons.lesson08;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerGroupsLessonTest {

    private static KafkaCluster kafka;
    private static ConsumerGroupsResult result;

    @BeforeAll
    static void runLessonOnThreeBrokers() throws Exception {
        kafka = KafkaCluster.builder().brokers(3).name("lesson-08-test").start();
        result = new ConsumerGroupsLesson(kafka.bootstrapServers(), Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Try this 3 (--try 3): with at most 10 records a poll, the poll holds exactly the 10 processed before the failure,"
            + " so auto commit skips none this time, and the lesson's check that it skips some fails (exit 1)")
    void trySmallBatchesHideTheSkip() throws Exception {
        try (Admin admin = Admin.create(Clients.admin(kafka.bootstrapServers()))) {
            ConsumerGroupsResult.CommitRun run = new GroupReaders(kafka.bootstrapServers(), Narrator.silent(), ConsumerGroupsLesson.FAIL_AT)
                    .failAndRestart(admin, "lesson08-try-small-batches", true);
            assertThat(run.processed()).isEqualTo(ConsumerGroupsLesson.FAIL_AT);
            assertThat(run.committed()).isEqualTo(ConsumerGroupsLesson.FAIL_AT);
            assertThat(run.skipped()).isZero();
        }
    }

    @Test
    @DisplayName("Try this 1 and 2: the README's kafka-consumer-groups --describe lists, for each partition the resume group has"
            + " committed on, the committed offset, the log end offset and their difference as lag (60 committed in all; a partition"
            + " without a commit is left out, and so is its lag); after its --reset-offsets --to-earliest the audit group's lag is"
            + " back to all 100 records")
    void tryDescribingAndRewindingGroups() {
        Map<String, String> here = Map.of("127.0.0.1:9092", kafka.bootstrapServers());
        List<String> describe = TryThis.command(1, "kafka-consumer-groups", here);
        List<Map<String, String>> resume = describeOrders(describe);
        assertThat(resume).hasSizeBetween(1, ConsumerGroupsLesson.PARTITIONS).allSatisfy(row -> assertThat(Long.parseLong(row.get("LAG")))
                .isEqualTo(Long.parseLong(row.get("LOG-END-OFFSET")) - Long.parseLong(row.get("CURRENT-OFFSET"))));
        assertThat(sum(resume, "CURRENT-OFFSET")).isEqualTo(result.committedAfterSixty()).isEqualTo(60);
        long perPartition = ConsumerGroupsLesson.RECORDS / ConsumerGroupsLesson.PARTITIONS;
        assertThat(sum(resume, "LOG-END-OFFSET")).isEqualTo(perPartition * resume.size());
        long leftOut = perPartition * (ConsumerGroupsLesson.PARTITIONS - resume.size());
        assertThat(sum(resume, "LAG") + leftOut).isEqualTo(result.lagAfterSixty()).isEqualTo(40);

        CapturedTool reset = CapturedTool.run(TryThis.command(2, "kafka-consumer-groups", here));
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        List<Map<String, String>> audit = describeOrders(describe.stream()
                .map(word -> word.replace("lesson08-resume", "lesson08-audit")).toList());
        assertThat(audit).allSatisfy(row -> assertThat(row.get("CURRENT-OFFSET")).isEqualTo("0"));
        assertThat(sum(audit, "LAG")).isEqualTo(ConsumerGroupsLesson.RECORDS);
    }

    private static List<Map<String, String>> describeOrders(List<String> command) {
        CapturedTool run = CapturedTool.run(command);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.table("GROUP").stream().filter(row -> row.get("TOPIC").equals(ConsumerGroupsLesson.ORDERS)).toList();
    }

    private static long sum(List<Map<String, String>> rows, String column) {
        return rows.stream().mapToLong(row -> Long.parseLong(row.get(column))).sum();
    }

    @Test
    @DisplayName("A group of 1 consumer owns all 4 partitions and reads all 100 records")
    void oneMemberOwnsEverything() {
        assertThat(result.group(1).partitionsPerMember()).containsExactly(4);
        assertThat(result.group(1).recordsRead()).isEqualTo(100);
    }

    @Test
    @DisplayName("A group of 4 consumers on 4 partitions: one partition each")
    void fourMembersOneEach() {
        assertThat(result.group(4).partitionsPerMember()).containsExactly(1, 1, 1, 1);
        assertThat(result.group(4).recordsRead()).isEqualTo(100);
    }

    @Test
    @DisplayName("A group of 6 consumers on 4 partitions: four own one partition each, two stay idle")
    void extraMembersStayIdle() {
        assertThat(result.group(6).partitionsPerMember()).containsExactly(1, 1, 1, 1, 0, 0);
        assertThat(result.group(6).idle()).isEqualTo(2);
        assertThat(result.group(6).recordsRead()).isEqualTo(100);
    }

    @Test
    @DisplayName("A second group reads all 100 records on its own and leaves the first group's committed offsets (100) alone")
    void groupsAreIndependent() {
        assertThat(result.secondGroupRead()).isEqualTo(100);
        assertThat(result.firstGroupCommittedAfter()).isEqualTo(100);
    }

    @Test
    @DisplayName("A pattern subscription gets the partitions of every matching topic (2 topics, 20 records)")
    void patternSubscription() {
        assertThat(result.patternTopics()).isEqualTo(List.of("lesson08-refund-events", "lesson08-shipment-events"));
        assertThat(result.patternRead()).isEqualTo(20);
    }

    @Test
    @DisplayName("After 60 of 100 records are processed and committed, the group's committed offsets sum to 60 and its lag is 40")
    void committedOffsetsAndLag() {
        assertThat(result.committedAfterSixty()).isEqualTo(60);
        assertThat(result.lagAfterSixty()).isEqualTo(40);
    }

    @Test
    @DisplayName("A restarted member of the group resumes at the committed offsets: exactly the other 40 records, none twice")
    void restartResumesAtCommittedOffsets() {
        assertThat(result.resumedRead()).isEqualTo(40);
        assertThat(result.resumedOverlap()).isZero();
    }

    @Test
    @DisplayName("Auto commit commits what poll() returned (50), so a failure at record 10 skips 40 records for good")
    void autoCommitCanSkipRecords() {
        assertThat(result.autoCommit().processed()).isEqualTo(10);
        assertThat(result.autoCommit().committed()).isEqualTo(50);
        assertThat(result.autoCommit().skipped()).isEqualTo(40);
    }

    @Test
    @DisplayName("Committing after each processed record: the restart begins at the failed record, nothing skipped")
    void manualCommitSkipsNothing() {
        assertThat(result.manualCommit().processed()).isEqualTo(10);
        assertThat(result.manualCommit().committed()).isEqualTo(10);
        assertThat(result.manualCommit().skipped()).isZero();
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 8 exits 0")
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
