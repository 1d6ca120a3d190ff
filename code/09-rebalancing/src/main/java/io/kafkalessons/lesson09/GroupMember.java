package io.kafkalessons.lesson09;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/** One consumer of a scenario with its name and recorder; polled by the lesson's own loop. */
final class GroupMember implements AutoCloseable {

    private final String name;
    private final KafkaConsumer<String, String> consumer;
    private long recordsReceived;

    GroupMember(String name, Properties props, String topic, RebalanceRecorder.Timeline timeline) {
        this.name = name;
        this.consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic), new RebalanceRecorder(name, timeline));
    }

    String name() {
        return name;
    }

    /** One poll; returns how many records it brought. */
    int poll(Duration timeout) {
        int count = consumer.poll(timeout).count();
        recordsReceived += count;
        return count;
    }

    long recordsReceived() {
        return recordsReceived;
    }

    Set<Integer> partitions() {
        Set<Integer> numbers = new TreeSet<>();
        for (TopicPartition tp : consumer.assignment()) {
            numbers.add(tp.partition());
        }
        return numbers;
    }

    int generation() {
        return consumer.groupMetadata().generationId();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
