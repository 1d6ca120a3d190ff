package io.kafkalessons.lesson09;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;

import java.util.Map;

/**
 * Lesson 9 from the command line: {@code ./lessons 9}, or {@code ./lessons 9 --bootstrap-server host:9092}.
 * Without an address it starts a 3-broker KRaft cluster on 127.0.0.1 and removes it afterwards.
 */
public final class RebalancingMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(9, "rebalancing",
            "Rebalancing: eager, cooperative and the new consumer protocol; static members; slow consumers",
            Needs.kafka(3, b -> b
                    // The new protocol's heartbeat carries assignment changes; every 0.5 s instead of 5 s.
                    .config("group.consumer.heartbeat.interval.ms", "500")
                    .config("group.consumer.min.heartbeat.interval.ms", "500")), 37);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(1, "the eager scenario uses RoundRobinAssignor instead of RangeAssignor (in consumerProperties)");
    }

    @Override
    public RebalancingResult run(LessonContext context) throws Exception {
        Class<? extends ConsumerPartitionAssignor> eager = context.tryThis() == 1 ? RoundRobinAssignor.class : RangeAssignor.class;
        return new RebalancingLesson(context.requireBootstrapServers(), context.narrator(), eager).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new RebalancingMain(), args);
    }
}
