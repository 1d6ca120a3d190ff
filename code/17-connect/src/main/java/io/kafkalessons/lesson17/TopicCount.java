package io.kafkalessons.lesson17;

import io.kafkalessons.lesson17.ConnectResult.Run;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.LogReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a topic holds, as a consumer with {@code isolation.level=read_committed} sees it: records of
 * a transaction that was aborted (a task killed mid-transaction) are not there.
 */
final class TopicCount {

    /** Records, how many different values among them, and the runs of the task that wrote them, in order. */
    record Count(long total, long distinct, List<Run> runs) {
    }

    private TopicCount() {
    }

    static List<ConsumerRecord<String, String>> read(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings(bootstrapServers))) {
            return LogReader.readTopic(consumer, topic);
        }
    }

    static Count count(String bootstrapServers, String topic) {
        List<ConsumerRecord<String, String>> records = read(bootstrapServers, topic);
        Map<String, List<Long>> byRun = new LinkedHashMap<>();
        records.forEach(r -> byRun.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Long.parseLong(r.value())));
        List<Run> runs = byRun.values().stream().map(n -> new Run(n.get(0), n.get(n.size() - 1), n.size())).toList();
        return new Count(records.size(), records.stream().map(ConsumerRecord::value).distinct().count(), runs);
    }

    /** The end offset of a one-partition topic (records and transaction markers written so far). */
    static long end(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings(bootstrapServers))) {
            TopicPartition p = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(p), Duration.ofSeconds(10)).get(p);
        }
    }

    private static Properties settings(String bootstrapServers) {
        Properties props = Clients.consumer(bootstrapServers);
        // Only records of committed transactions, as an application downstream of an exactly-once source should read.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }
}
