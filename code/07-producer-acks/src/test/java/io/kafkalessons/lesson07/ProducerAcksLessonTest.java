package io.kafkalessons.lesson07;

import io.kafkalessons.lesson07.ProducerAcksResult.CallbackRow;
import io.kafkalessons.lesson07.ProducerAcksResult.LossRow;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.LogReader;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Offsets;
import io.kafkalessons.sandbox.lesson.Topics;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerAcksLessonTest {

    private static KafkaCluster kafka;
    private static ProducerAcksResult result;

    @BeforeAll
    static void runLessonOnThreeBrokersAndAController() throws Exception {
        kafka = ProducerAcksMain.INFO.needs().kafkaSetup()
                .apply(KafkaCluster.builder().brokers(3).name("lesson-07-test")).start();
        result = new ProducerAcksLesson(kafka.bootstrapServers(), Faults.of(kafka), Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("On a healthy cluster every setting gets all 200 + 3000 records acknowledged (latency and throughput are only reported)")
    void healthyClusterAcknowledgesEverything() {
        assertThat(result.speed()).extracting(ProducerAcksResult.SpeedRow::acks).containsExactly("0", "1", "all");
        assertThat(result.speed()).allSatisfy(row -> {
            assertThat(row.acknowledged()).isEqualTo(row.sent()).isEqualTo(200 + 3000);
            assertThat(row.p99Micros()).isGreaterThanOrEqualTo(row.p50Micros()).isPositive();
            assertThat(row.recordsPerSecond()).isPositive();
        });
    }

    @Test
    @DisplayName("acks=0: all 1000 records sent while the followers lagged were 'acknowledged', and all 1000 are gone after the leader crash")
    void acksZeroLosesEverythingAcknowledged() {
        assertThat(result.loss("0")).isEqualTo(new LossRow("0", 1000, 1000, 0));
        assertThat(result.loss("0").lost()).isEqualTo(1000);
    }

    @Test
    @DisplayName("acks=1: the leader acknowledged all 1000 records alone, and all 1000 are gone after it crashed")
    void acksOneLosesEverythingAcknowledged() {
        assertThat(result.loss("1")).isEqualTo(new LossRow("1", 1000, 1000, 0));
        assertThat(result.loss("1").lost()).isEqualTo(1000);
    }

    @Test
    @DisplayName("acks=all with min.insync.replicas=2: nothing was acknowledged until a survivor had it; all 1000 readable, 0 lost")
    void acksAllLosesNothing() {
        assertThat(result.loss("all")).isEqualTo(new LossRow("all", 1000, 1000, 1000));
        assertThat(result.loss("all").lost()).isZero();
    }

    @Test
    @DisplayName("A record over the topic's size limit fails at once in the callback (RecordTooLargeException, not retried)")
    void nonRetriableErrorReachesTheCallback() {
        CallbackRow tooLarge = result.callbacks().get(0);
        assertThat(tooLarge.error()).isEqualTo("RecordTooLargeException");
        assertThat(tooLarge.failed()).isEqualTo(10);
        assertThat(tooLarge.acknowledged()).isZero();
    }

    @Test
    @DisplayName("With too few in-sync replicas, acks=all writes are retried until delivery.timeout.ms and then fail in the callback")
    void retriableErrorIsRetriedUntilTheDeliveryTimeout() {
        CallbackRow tooFew = result.callbacks().get(1);
        assertThat(tooFew.scenario()).isEqualTo("too few in-sync replicas");
        assertThat(tooFew.error()).isEqualTo("TimeoutException");
        assertThat(tooFew.failed()).isEqualTo(10);
        assertThat(tooFew.acknowledged()).isZero();
        assertThat(tooFew.millis()).as("not before the 3 s delivery timeout").isGreaterThanOrEqualTo(3000);
    }

    @Test
    @DisplayName("An idempotent producer insists on acks=all: acks=1 with enable.idempotence=true is refused")
    void idempotenceNeedsAcksAll() {
        assertThat(result.idempotence().refusedWithAcksOne()).isTrue();
    }

    @Test
    @DisplayName("acks=1 without enable.idempotence is accepted, and idempotence is switched off silently")
    void idempotenceSilentlyOffWithAcksOne() {
        assertThat(result.idempotence().onWithAcksOneAlone()).isFalse();
    }

    @Test
    @DisplayName("Try this 3: 10 lines typed into the README's console producer with acks=0 are on every follower within a second"
            + " (the high watermark reaches 10), so a kill -9 of the leader loses none: the new leader serves all 10")
    void tryAcksZeroWithHealthyFollowers() throws Exception {
        // The topic the console producer would create on its first line, made first so that the time below is the copy's alone.
        Topics.recreate(kafka.admin(), new NewTopic("demo", 1, (short) 3));
        Topics.awaitPartition(kafka.admin(), "demo", 0, Duration.ofSeconds(30), p -> p.isr().size() == 3, "demo has no full ISR");
        List<String> lines = IntStream.rangeClosed(1, 10).mapToObj(i -> "typed-" + i).toList();
        List<String> producer = TryThis.command(3, "kafka-console-producer", Map.of("127.0.0.1:9092", kafka.bootstrapServers()));
        CapturedTool typed = CapturedTool.run(producer, String.join("\n", lines) + "\n");
        assertThat(typed.exitCode()).as(typed.err()).isZero();

        TopicPartition demo = new TopicPartition("demo", 0);
        // The high watermark moves past a record once every in-sync replica has copied it.
        Duration copied = Poll.until(Duration.ofSeconds(10), Duration.ofMillis(10), () -> Offsets.end(kafka.admin(), demo) == 10,
                () -> "the followers did not copy the 10 records");
        assertThat(copied).isLessThan(Duration.ofSeconds(1));
        assertThat(Topics.isr(kafka.admin(), "demo", 0)).hasSize(3);

        int leader = Topics.leader(kafka.admin(), "demo", 0);
        Faults.of(kafka).kill(leader);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Clients.consumer(kafka.bootstrapServers()))) {
            assertThat(LogReader.readTopic(consumer, "demo")).extracting(ConsumerRecord::value).containsExactlyElementsOf(lines);
        }
        assertThat(Topics.leader(kafka.admin(), "demo", 0)).isNotEqualTo(leader);
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 7 exits 0")
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
