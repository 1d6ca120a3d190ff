package io.kafkalessons.sandbox.lesson;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads partitions from the consumer's current positions up to their end offsets, with a time bound. */
public final class LogReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private LogReader() {
    }

    /** Every record of every partition of {@code topic}, from offset 0 to the end, partition by partition. */
    public static <K, V> List<ConsumerRecord<K, V>> readTopic(KafkaConsumer<K, V> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, TIMEOUT)) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return readToEnd(consumer, partitions);
    }

    /** Polls the assigned {@code partitions} from their current positions until each reaches its end offset. */
    public static <K, V> List<ConsumerRecord<K, V>> readToEnd(KafkaConsumer<K, V> consumer,
                                                              Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partitions + " to their end offsets within "
                        + TIMEOUT.toSeconds() + " s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
