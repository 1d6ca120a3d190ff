package io.kafkalessons.lesson20;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.util.Map;

/** Lesson 20 from the command line: {@code ./lessons 20}, or {@code ./lessons 20 --bootstrap-server host:9092}. */
public final class PartitionsMain implements LessonEntry {

    /** A follower that has fetched nothing for this long leaves the ISR (Kafka's default: 30 s). */
    static final long REPLICA_LAG_MS = 3000;

    static final LessonInfo INFO = new LessonInfo(20, "network-partitions",
            "Network partitions: a Kafka or ZooKeeper leader on the wrong side, a follower cut off, a cut that heals in time",
            Needs.kafka(3, b -> b
                    // Every link between nodes, and between clients and each broker, runs through a relay the lesson can cut.
                    .cuttableLinks()
                    .config("replica.lag.time.max.ms", Long.toString(REPLICA_LAG_MS))), 30);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(2, "step 3 cuts its leader off for " + FollowerStep.LONG_CUT.toSeconds() + " s instead of "
                + FollowerStep.SHORT_CUT.toMillis() + " ms (SHORT_CUT in FollowerStep)");
    }

    @Override
    public PartitionsResult run(LessonContext context) throws Exception {
        return new PartitionsLesson(context.requireBootstrapServers(), context.kafkaSandbox().map(KafkaCluster::links),
                context.narrator(), context.tryThis() == 2 ? FollowerStep.LONG_CUT : FollowerStep.SHORT_CUT).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new PartitionsMain(), args);
    }
}
