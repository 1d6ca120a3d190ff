package io.kafkalessons.lesson06;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysAndPartitionsLessonTest {

    private static KafkaCluster kafka;
    private static KeysAndPartitionsResult result;

    @BeforeAll
    static void runLessonOnThreeBrokers() throws Exception {
        kafka = KafkaCluster.builder().brokers(3).name("lesson-06-test").start();
        result = new KeysAndPartitionsLesson(kafka.bootstrapServers(), Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Try this 1 (--try 1): with 2 keys, customer-00 and customer-01 hash to partitions 2 and 0, so partition 1"
            + " gets none of the 120 records; 5 keys would hash to 2, 0, 1, 2 and 1")
    void tryTwoKeysLeavesAPartitionEmpty() throws Exception {
        KeysAndPartitionsResult two = new KeysAndPartitionsLesson(kafka.bootstrapServers(), Narrator.silent(), 2, null).run();
        assertThat(KeysAndPartitionsLesson.partitionFor("customer-00", 3)).isEqualTo(2);
        assertThat(KeysAndPartitionsLesson.partitionFor("customer-01", 3)).isEqualTo(0);
        assertThat(two.keyedRecords()).isEqualTo(120);
        assertThat(two.recordsPerPartition()).containsOnlyKeys(0, 2).containsEntry(0, 60).containsEntry(2, 60);
        assertThat(IntStream.range(0, 5).map(k -> KeysAndPartitionsLesson.partitionFor(KeysAndPartitionsLesson.key(k), 3)))
                .containsExactly(2, 0, 1, 2, 1);
    }

    @Test
    @DisplayName("Try this 2 (--try 2): RoundRobinPartitioner sends the 6000 keyless records one partition after another, in"
            + " about 6000 runs, and the run no longer shows what the lesson claims (exit 1)")
    void tryRoundRobinEndsTheRuns() throws Exception {
        KeysAndPartitionsResult roundRobin = new KeysAndPartitionsLesson(kafka.bootstrapServers(), Narrator.silent(),
                KeysAndPartitionsLesson.KEYS, RoundRobinPartitioner.class).run();
        assertThat(roundRobin.nullKeyRuns()).isGreaterThan(5400);
        assertThat(roundRobin.asExpected()).isFalse();
    }

    @Test
    @DisplayName("The lesson's formula, murmur2(key) made positive mod partitions, is the producer's own")
    void formulaIsTheProducers() {
        IntStream.range(0, 1000).mapToObj(i -> "key-" + i).forEach(key ->
                assertThat(KeysAndPartitionsLesson.partitionFor(key, 7))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 7)));
    }

    @Test
    @DisplayName("All 3000 keyed records land in the partition murmur2(key) mod 3 names")
    void keyedRecordsLandWhereTheFormulaSays() {
        assertThat(result.keyedRecords()).isEqualTo(3000);
        assertThat(result.keys()).isEqualTo(50);
        assertThat(result.notWhereFormulaSays()).isZero();
        assertThat(result.recordsPerPartition().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3000);
    }

    @Test
    @DisplayName("Every key's records share one partition, and a partition holds whole keys (multiples of 60 records)")
    void aKeyStaysInOnePartition() {
        assertThat(result.keysInSeveralPartitions()).isZero();
        assertThat(result.recordsPerPartition().values()).allSatisfy(n -> assertThat(n % 60).isZero());
    }

    @Test
    @DisplayName("A consumer reads every key's 60 records in the order they were sent")
    void perKeyOrderKept() {
        assertThat(result.keysOutOfOrder()).isZero();
    }

    @Test
    @DisplayName("Records without a key go to one partition in long runs (sticky batches), and more than one partition gets them")
    void nullKeysAreSticky() {
        assertThat(result.nullKeyRecords()).isEqualTo(6000);
        assertThat(result.averageNullKeyRun()).isGreaterThanOrEqualTo(20);
        assertThat(result.nullKeyPartitionsUsed()).isBetween(2, 3);
    }

    @Test
    @DisplayName("Growing the topic from 3 to 6 partitions moves exactly the keys whose hash mod 3 and mod 6 differ")
    void growthMovesKeys() {
        Set<String> expected = IntStream.range(0, 50).mapToObj(KeysAndPartitionsLesson::key)
                .filter(k -> BuiltInPartitioner.partitionForKey(k.getBytes(StandardCharsets.UTF_8), 3)
                        != BuiltInPartitioner.partitionForKey(k.getBytes(StandardCharsets.UTF_8), 6))
                .collect(Collectors.toSet());
        assertThat(expected).as("the README's 24 of 50").hasSize(24);
        assertThat(result.keysExpectedToMove()).isEqualTo(expected);
        assertThat(result.keysMovedByGrowth()).isEqualTo(expected);
    }

    @Test
    @DisplayName("Try this 3: a second run on the same cluster starts from 3 partitions again (it moves the same 24 keys when it"
            + " grows the topic, which a topic left at 6 would refuse), and the README's kafka-topics --describe then shows 6")
    void trySecondRunStartsFromThreePartitions() throws Exception {
        KeysAndPartitionsResult second = new KeysAndPartitionsLesson(kafka.bootstrapServers(), Narrator.silent()).run();
        assertThat(second.keysMovedByGrowth()).isEqualTo(result.keysMovedByGrowth()).hasSize(24);
        assertThat(second.asExpected()).isTrue();
        CapturedTool described = CapturedTool.run(TryThis.command(3, "kafka-topics",
                Map.of("127.0.0.1:9092", kafka.bootstrapServers())));
        assertThat(described.exitCode()).as(described.err()).isZero();
        assertThat(described.out()).contains("PartitionCount: " + KeysAndPartitionsLesson.GROWN_PARTITIONS + "\t");
        String partitionLine = "Topic: " + KeysAndPartitionsLesson.KEYED_TOPIC + "\tPartition: ";
        assertThat(described.out().lines().filter(l -> l.strip().startsWith(partitionLine)))
                .hasSize(KeysAndPartitionsLesson.GROWN_PARTITIONS);
        // Why a run that found the grown topic could not grow it again:
        var again = kafka.admin().createPartitions(Map.of(KeysAndPartitionsLesson.KEYED_TOPIC,
                NewPartitions.increaseTo(KeysAndPartitionsLesson.GROWN_PARTITIONS))).all();
        assertThatThrownBy(() -> again.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidPartitionsException.class);
    }

    @Test
    @DisplayName("A custom partitioner puts every vip- record in partition 0 and no other record there")
    void customPartitioner() {
        assertThat(result.vipRecordsElsewhere()).isZero();
        assertThat(result.otherRecordsInVipPartition()).isZero();
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 6 exits 0")
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
