package io.kafkalessons.lesson22;

import io.kafkalessons.lesson22.MigrationResult.Metadata;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** What the cluster reports through the admin API, whichever mode its brokers run in. */
final class ClusterView {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Admin admin;

    ClusterView(Admin admin) {
        this.admin = admin;
    }

    /** The lesson's topics, the orders topic's retention.ms and the ACLs on it. */
    Metadata metadata(String orders) throws Exception {
        List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(MigrationLesson.PREFIX)).sorted().toList();
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, orders);
        Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
        Collection<AclBinding> acls = admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
        return new Metadata(topics, config.get(TopicConfig.RETENTION_MS_CONFIG).value(),
                acls.stream().map(a -> a.pattern().name() + " " + a.entry().principal() + " " + a.entry().operation() + " "
                        + a.entry().permissionType()).sorted().toList());
    }

    /**
     * Waits until broker {@code id} serves again and every partition of {@code topics} has all its
     * replicas in sync: the rule of a rolling restart, before the next broker may go.
     */
    void awaitBack(int id, Set<String> topics) {
        Poll.until(TIMEOUT, Duration.ofMillis(200), () -> brokers().contains(id)
                        && topics.stream().allMatch(t -> Topics.underReplicated(admin, t) == 0),
                () -> "broker " + id + " did not come back with every replica in sync within " + TIMEOUT.toSeconds() + " s");
    }

    private List<Integer> brokers() throws Exception {
        return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().map(Node::id).toList();
    }
}
