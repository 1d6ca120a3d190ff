package io.kafkalessons.lesson25;

import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.util.Map;
import java.util.Optional;

/**
 * Lesson 25 from the command line: {@code ./lessons 25}, or {@code ./lessons 25 --bootstrap-server host:9092}
 * (then only the throttled move, onto the broker with the highest id: the lesson cannot add, place
 * or restart someone else's brokers).
 */
public final class ChangingMain implements LessonEntry {

    /** The broker the sandbox configures but keeps stopped until step 1 adds it. */
    static final int NEW_BROKER = 4;

    static final LessonInfo INFO = new LessonInfo(25, "changing-a-running-cluster",
            "Changing a running cluster: adding a broker, moving partitions with a throttle, racks, a rolling restart",
            Needs.kafka(3, b -> b
                    // tag::settings[]
                    // Broker 4 is configured now and started by step 1, into the running cluster.
                    .spareBrokers(1)
                    // Three racks (think availability zones); brokers 1 and 4 share one.
                    .config(1, "broker.rack", "rack-a")
                    .config(2, "broker.rack", "rack-b")
                    .config(3, "broker.rack", "rack-c")
                    .config(NEW_BROKER, "broker.rack", "rack-a")
                    // A consumer that names its rack (client.rack) is sent to the replica there (default: the leader).
                    .config("replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector")
                    // end::settings[]
            ), 32);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(1, "the throttled move leaves its throttle behind (no removeThrottles call in ReassignStep)",
                2, "the throttled move runs at " + ReassignStep.TRY_THROTTLE + " bytes/s instead of " + ReassignStep.THROTTLE
                        + " (THROTTLE in ReassignStep)");
    }

    @Override
    public ChangingResult run(LessonContext context) throws Exception {
        Optional<ChangingLesson.Spare> spare = context.kafkaSandbox()
                .map(kafka -> new ChangingLesson.Spare(NEW_BROKER, () -> kafka.startSpare(NEW_BROKER)));
        return new ChangingLesson(context.requireBootstrapServers(), context.faults(), spare, context.narrator(),
                context.tryThis()).run();
    }

    public static void main(String[] args) {
        LessonLauncher.main(new ChangingMain(), args);
    }
}
