package io.kafkalessons.lesson10;

import io.kafkalessons.lesson10.ReplicationResult.Preferred;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.kafkalessons.lesson10.ReplicationLesson.ORDERS;
import static io.kafkalessons.lesson10.ReplicationLesson.ORDER_PARTITIONS;

/** A preferred leader election hands leadership back to each partition's first replica. */
final class PreferredElectionStep {

    private final Lab lab;

    PreferredElectionStep(Lab lab) {
        this.lab = lab;
    }

    Preferred run() throws Exception {
        Admin admin = lab.admin();
        Narrator narrator = lab.narrator();
        narrator.step("preferred leader election: hand leadership back to the first replicas");
        int notPreferredBefore = Replicas.notPreferred(Topics.describe(admin, ORDERS));
        narrator.say("admin", "%d of %d partitions are led by a replica that is not their first: %s", notPreferredBefore,
                ORDER_PARTITIONS, Replicas.leaders(admin, ORDERS));
        Set<TopicPartition> partitions = IntStream.range(0, ORDER_PARTITIONS)
                .mapToObj(p -> new TopicPartition(ORDERS, p)).collect(Collectors.toSet());
        // tag::preferred[]
        Map<TopicPartition, Optional<Throwable>> outcome = admin.electLeaders(ElectionType.PREFERRED, partitions)
                .partitions().get(30, TimeUnit.SECONDS);
        // end::preferred[]
        for (Map.Entry<TopicPartition, Optional<Throwable>> e : outcome.entrySet()) {
            if (e.getValue().isPresent() && !(e.getValue().get() instanceof ElectionNotNeededException)) {
                throw new IllegalStateException("preferred election of " + e.getKey() + " failed: " + e.getValue().get());
            }
        }
        Poll.until(Duration.ofSeconds(10), Duration.ofMillis(50), () -> Replicas.notPreferred(Topics.describe(admin, ORDERS)) == 0,
                () -> "leadership did not move back to the preferred replicas");
        int after = Replicas.notPreferred(Topics.describe(admin, ORDERS));
        narrator.say("admin", "after the election: %d not preferred; leaders %s", after, Replicas.leaders(admin, ORDERS));
        narrator.notice("a restarted broker comes back as a follower. Brokers also do this election by themselves");
        narrator.notice("(auto.leader.rebalance.enable), but only every leader.imbalance.check.interval.seconds (300 s).");
        return new Preferred(ORDER_PARTITIONS, notPreferredBefore, after);
    }
}
