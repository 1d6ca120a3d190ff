package io.kafkalessons.lesson21;

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
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lesson on a one-broker sandbox with the lesson's share-group bounds; each test checks one claim of the README. */
class ShareGroupsLessonTest {

    private static KafkaCluster kafka;
    private static ShareGroupsResult result;

    @BeforeAll
    static void runLesson() throws Exception {
        kafka = ShareGroupsMain.INFO.needs().kafkaSetup().apply(KafkaCluster.builder().brokers(1).name("lesson-21-test")).start();
        result = new ShareGroupsLesson(kafka.bootstrapServers(), Narrator.silent()).run();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Try this 2: the README's kafka-share-groups --list shows the lesson's four share groups, and --describe of the"
            + " acknowledgement group shows its partition with a lag of 0")
    void tryListingShareGroups() {
        List<String> list = TryThis.command(2, "kafka-share-groups", Map.of("127.0.0.1:9092", kafka.bootstrapServers()));
        CapturedTool listed = CapturedTool.run(list);
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out().lines().filter(l -> l.startsWith("lesson21-")))
                .hasSize(4).contains(SharingStep.SHARE_GROUP, "lesson21-acks-group");

        List<String> describe = new ArrayList<>(list);
        describe.set(describe.indexOf("--list"), "--describe");
        describe.addAll(List.of("--group", "lesson21-acks-group"));
        CapturedTool described = CapturedTool.run(describe);
        assertThat(described.exitCode()).as(described.err()).isZero();
        assertThat(described.table("GROUP")).hasSize(1).allSatisfy(row -> assertThat(row).containsEntry("LAG", "0"));
    }

    @Test
    @DisplayName("Step 1: four share consumers on two partitions all get jobs, 40 in all, each once")
    void shareGroupUsesEveryConsumer() {
        assertThat(result.sharing().shareGroup()).hasSize(4).allMatch(n -> n > 0);
        assertThat(result.sharing().shareGroup().stream().mapToInt(Integer::intValue).sum()).isEqualTo(SharingStep.JOBS);
    }

    @Test
    @DisplayName("Step 1: four consumers of one consumer group on the same two partitions: two read all 40, two sit idle")
    void consumerGroupLeavesTwoIdle() {
        assertThat(result.sharing().consumerGroup()).hasSize(4);
        assertThat(result.sharing().consumerGroup().stream().filter(n -> n == 0)).hasSize(2);
        assertThat(result.sharing().consumerGroup().stream().mapToInt(Integer::intValue).sum()).isEqualTo(SharingStep.JOBS);
    }

    @Test
    @DisplayName("Step 2: the released job comes back with delivery count 2, the rejected one never; 6 deliveries of 5 jobs")
    void acknowledgements() {
        assertThat(result.acks().deliveries()).containsExactly("job-0#1:accept", "job-1#1:release", "job-2#1:reject",
                "job-3#1:accept", "job-4#1:accept", "job-1#2:accept");
        assertThat(result.acks().afterwards()).isZero();
    }

    @Test
    @DisplayName("Step 3: jobs taken by a consumer that stops go to another once their lock runs out, with delivery count 2"
            + " (3 when the stopped consumer's waiting fetch got them once more), no sooner than one lock per earlier delivery")
    void lockTimeout() {
        ShareGroupsResult.Lock lock = result.lock();
        assertThat(lock.redelivered()).extracting(job -> job.substring(0, job.indexOf('#')))
                .containsExactlyInAnyOrder("job-0", "job-1", "job-2");
        List<Integer> counts = lock.redelivered().stream().map(job -> Integer.parseInt(job.substring(job.indexOf('#') + 1))).toList();
        assertThat(counts).allSatisfy(count -> assertThat(count).isBetween(2, 3));
        assertThat(lock.afterMillis()).isGreaterThanOrEqualTo(lock.lockMillis() * (Collections.max(counts) - 1));
    }

    @Test
    @DisplayName("Step 4: a job released on every delivery is delivered 3 times (the group's limit), then never again")
    void deliveryLimit() {
        assertThat(result.poison().deliveryCounts()).containsExactly(1, 2, 3);
        assertThat(result.poison().afterwards()).isZero();
    }

    @Test
    @DisplayName("the run is as expected, and the README shows today's output")
    void readmeShowsTodaysResult() {
        assertThat(result.asExpected()).isTrue();
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
