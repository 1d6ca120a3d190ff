package io.kafkalessons.sandbox.lesson;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Topic set-up that every Kafka lesson does first, so that a run can be repeated. */
public final class Topics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Topics() {
    }

    /**
     * Deletes the topic if an earlier run left it, creates it anew and waits until every
     * partition has a leader. Returns its description.
     */
    public static TopicDescription recreate(Admin admin, NewTopic topic) throws Exception {
        String name = topic.name();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        if (admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(name)) {
            admin.deleteTopics(Set.of(name)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            while (admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(name)) {
                pause(deadline, "deleting the old topic " + name);
            }
        }
        while (true) {
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                // A deleted topic can linger on some brokers for a moment; try again until the deadline.
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
                pause(deadline, "creating " + name);
            }
        }
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(name);
                if (description.partitions().stream().map(TopicPartitionInfo::leader).allMatch(l -> l != null && !l.isEmpty())) {
                    return description;
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // metadata not yet on every broker
            }
            pause(deadline, "waiting for leaders of " + name);
        }
    }

    private static void pause(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out " + what + " after " + TIMEOUT.toSeconds() + " s");
        }
        Thread.sleep(100);
    }
}
