package io.kafkalessons.lesson06;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;

import java.util.Map;

/**
 * Lesson 6 from the command line: {@code ./lessons 6}, or {@code ./lessons 6 --bootstrap-server host:9092}.
 * Without an address it starts a 3-broker KRaft cluster on 127.0.0.1 and removes it afterwards.
 */
public final class KeysAndPartitionsMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(6, "keys-and-partitions",
            "Keys and partitions: where a record lands, and what keeps its order", Needs.kafka(3), 15);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(1, "2 keys instead of " + KeysAndPartitionsLesson.KEYS + " (KEYS = 2 in KeysAndPartitionsLesson)",
                2, "records without a key go through RoundRobinPartitioner instead of the producer's own partitioner");
    }

    @Override
    public KeysAndPartitionsResult run(LessonContext context) throws Exception {
        int keys = context.tryThis() == 1 ? 2 : KeysAndPartitionsLesson.KEYS;
        Class<?> keyless = context.tryThis() == 2 ? RoundRobinPartitioner.class : null;
        return new KeysAndPartitionsLesson(context.requireBootstrapServers(), context.narrator(), keys, keyless).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new KeysAndPartitionsMain(), args);
    }
}
