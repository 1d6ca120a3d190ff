package io.kafkalessons.lesson14;

import io.kafkalessons.lesson14.SecurityResult.Acls;
import io.kafkalessons.lesson14.SecurityResult.ListenerSet;
import io.kafkalessons.lesson14.SecurityResult.Rejections;
import io.kafkalessons.lesson14.SecurityResult.ScramUser;
import io.kafkalessons.lesson14.SecurityResult.Wire;
import io.kafkalessons.sandbox.BrokerLogs;
import io.kafkalessons.sandbox.KafkaMetadata;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 14: a broker has several listeners, each with its own security protocol. Over PLAINTEXT
 * a record's value crosses the network readable; TLS hides it and proves the broker's identity;
 * SASL/SCRAM proves the client's; ACLs decide what an authenticated user may do. The lesson runs
 * as a super user, makes a user and ACLs, shows each refusal, and removes what it made.
 */
public final class SecurityLesson {

    /** Records the user writes and reads once the ACLs allow it. */
    public static final int RECORDS = 3;

    private final String bootstrapServers;
    private final Properties security;
    private final Optional<BrokerLogs> brokerLogs;
    private final Narrator narrator;
    private final int scramIterations;

    /**
     * @param security   client settings of a super user for {@code bootstrapServers} (the sandbox's, or --command-config)
     * @param brokerLogs the brokers' logs when the lesson started the cluster, to show the authorizer's own words
     */
    public SecurityLesson(String bootstrapServers, Properties security, Optional<BrokerLogs> brokerLogs, Narrator narrator) {
        this(bootstrapServers, security, brokerLogs, narrator, ScramUserStep.ITERATIONS);
    }

    /** @param scramIterations the SCRAM user's iteration count ({@link ScramUserStep#ITERATIONS}; "Try this" 3: 20000) */
    public SecurityLesson(String bootstrapServers, Properties security, Optional<BrokerLogs> brokerLogs, Narrator narrator,
                          int scramIterations) {
        this.bootstrapServers = bootstrapServers;
        this.security = security;
        this.brokerLogs = brokerLogs;
        this.narrator = narrator;
        this.scramIterations = scramIterations;
    }

    public SecurityResult run() throws Exception {
        narrator.intro(
                "Kafka's security comes in three layers: encryption on the wire (TLS), proof of who is",
                "connecting (SASL/SCRAM passwords or TLS certificates), and rules on what each may do (ACLs).",
                "The lesson runs as a super user, makes a user, and watches each layer let it in or stop it.");
        Properties adminSettings = Clients.admin(bootstrapServers);
        adminSettings.putAll(security);
        try (Admin admin = Admin.create(adminSettings); Lab lab = new Lab(admin, security, brokerLogs, narrator)) {
            ListenerSet listeners = new ListenersStep(lab).run();
            Optional<String> noSasl = lab.listenersFor("SASL_SSL").isEmpty()
                    ? Optional.of("the cluster has no SASL_SSL listener") : Optional.empty();
            // Without an authorizer every authenticated user may do everything, and ACLs cannot even be created.
            Optional<String> noAcls = noSasl.or(() -> listeners.authorizer().equals("none")
                    ? Optional.of("the brokers have no authorizer (authorizer.class.name is empty)") : Optional.empty());
            Optional<String> noRelay = noAcls.or(() -> lab.whyNoRelay("PLAINTEXT")).or(() -> lab.whyNoRelay("SASL_SSL"));
            if (noRelay.isEmpty()) {
                lab.relay("SASL_SSL");
            }
            // Two replicas where the cluster has two brokers (the sandbox's), one on a single broker.
            short replicas = (short) Math.min(2, KafkaMetadata.brokerCount(admin));
            try {
                Part<ScramUser> user = maybe(noSasl, "create a SCRAM user", () -> new ScramUserStep(lab, scramIterations).run());
                Part<Wire> wire = maybe(noRelay, "one record over PLAINTEXT and over TLS", () -> {
                    Topics.recreate(admin, new NewTopic(WireStep.TOPIC, 1, replicas));
                    return new WireStep(lab).run();
                });
                Part<Rejections> rejections = maybe(noSasl, "two clients refused", () -> new RejectionsStep(lab).run());
                Part<Acls> acls = maybe(noAcls, "ACLs", () -> {
                    Topics.recreate(admin, new NewTopic(AclStep.TOPIC, 1, replicas));
                    return new AclStep(lab).run();
                });
                return new SecurityResult(listeners, user, wire, rejections, acls);
            } finally {
                if (noSasl.isEmpty()) {
                    cleanUp(lab, noAcls.isEmpty());
                }
            }
        }
    }

    /** Runs a step unless {@code why} says it cannot run here. */
    private <T> Part<T> maybe(Optional<String> why, String title, StepBody<T> body) throws Exception {
        return why.isPresent() ? narrator.skipStep(title, why.get()) : Part.ran(body.run());
    }

    /** One step's work. */
    @FunctionalInterface
    private interface StepBody<T> {
        T run() throws Exception;
    }

    /** Removes the user and every ACL the lesson made, also when a step failed. */
    private void cleanUp(Lab lab, boolean withAcls) throws Exception {
        if (withAcls) {
            AclStep.removeAcls(lab);
            lab.admin().deleteAcls(List.of(new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter(WireStep.ANONYMOUS, null, AclOperation.ANY, AclPermissionType.ANY))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        ScramUserStep.remove(lab.admin());
        narrator.say("admin", "removed user %s%s", Lab.USER, withAcls ? " and the lesson's ACLs" : "");
    }
}
