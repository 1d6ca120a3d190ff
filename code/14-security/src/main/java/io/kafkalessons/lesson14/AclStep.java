package io.kafkalessons.lesson14;

import io.kafkalessons.lesson14.SecurityResult.Acls;
import io.kafkalessons.sandbox.BrokerLogs;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Part;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Step: authenticated is not authorised. The user may do nothing until ACLs allow it: writing needs
 * WRITE on the topic, reading in a group needs READ on the topic and READ on the group. Deleting the
 * ACLs takes the rights away again.
 */
final class AclStep {

    static final String TOPIC = "lesson14-orders";
    static final String GROUP = "lesson14-readers";

    private final Lab lab;
    private final String principal = "User:" + Lab.USER;

    AclStep(Lab lab) {
        this.lab = lab;
    }

    Acls run() throws Exception {
        lab.narrator().step("what %s may do: nothing, then what ACLs allow", principal);
        Map<Integer, Long> marks = marks();
        String withoutAcl = write();
        lab.narrator().say(Lab.USER, "writes to %s with no ACL: %s", TOPIC, withoutAcl);
        Part<String> seen = principalSeen(marks);
        if (seen.ran()) {
            lab.narrator().say("broker", "its authorizer logged: %s", seen.value());
        }
        // tag::acls[]
        lab.admin().createAcls(List.of(allow(ResourceType.TOPIC, TOPIC, AclOperation.WRITE),
                allow(ResourceType.TOPIC, TOPIC, AclOperation.READ))).all().get(30, TimeUnit.SECONDS);
        // end::acls[]
        long arrived = lab.until(this::write, "written"::equals, "the WRITE ACL reaching the brokers").millis();
        int written = 1;
        while (written < SecurityLesson.RECORDS && write().equals("written")) {
            written++;
        }
        lab.narrator().say("admin", "allowed %s to WRITE and READ topic %s (in force on the brokers after %d ms)",
                principal, TOPIC, arrived);
        lab.narrator().say(Lab.USER, "wrote %d records", written);
        String groupDenied = read().outcome();
        lab.narrator().say(Lab.USER, "reads %s in group %s (no ACL on the group yet): %s", TOPIC, GROUP, groupDenied);
        lab.admin().createAcls(List.of(allow(ResourceType.GROUP, GROUP, AclOperation.READ))).all().get(30, TimeUnit.SECONDS);
        int read = lab.until(this::read, r -> r.read() >= SecurityLesson.RECORDS, "the group ACL reaching the brokers").value().read();
        lab.narrator().say(Lab.USER, "with READ on the group too: read %d records", read);
        int removed = removeAcls(lab);
        String afterRemoval = lab.until(this::write, outcome -> !outcome.equals("written"), "the deletion reaching the brokers").value();
        lab.narrator().say("admin", "deleted %s's %d ACLs; the next write: %s", principal, removed, afterRemoval);
        lab.narrator().notice("the login still works; only the rights are gone. Authentication says who, ACLs say what.");
        return new Acls(TOPIC, GROUP, withoutAcl, seen, written, groupDenied, read, afterRemoval);
    }

    private AclBinding allow(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    /** One record as the user: "written", or the refusal. */
    private String write() throws Exception {
        KafkaProducer<String, String> producer = new KafkaProducer<>(lab.user(Clients.producer(lab.bootstrap("SASL_SSL"))));
        try {
            producer.send(new ProducerRecord<>(TOPIC, "order", "book")).get(30, TimeUnit.SECONDS);
            return "written";
        } catch (ExecutionException e) {
            return Lab.describe(e.getCause());
        } finally {
            // Nothing is pending by now; closing at once also skips a refused producer's spurious shutdown ERROR.
            producer.close(Duration.ZERO);
        }
    }

    /** What a consumer in {@link #GROUP} got: records read from the start, or the refusal. */
    private ReadOutcome read() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(lab.userConsumer(GROUP))) {
            consumer.subscribe(List.of(TOPIC));
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (read < SecurityLesson.RECORDS && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            return new ReadOutcome(read, read + " records");
        } catch (KafkaException e) {
            return new ReadOutcome(0, Lab.describe(e));
        }
    }

    private record ReadOutcome(int read, String outcome) {
    }

    private Map<Integer, Long> marks() {
        Map<Integer, Long> marks = new java.util.HashMap<>();
        lab.brokerLogs().ifPresent(logs -> lab.listenersFor("SASL_SSL").forEach(l -> marks.put(l.broker(), logs.mark(l.broker()))));
        return marks;
    }

    /** The authorizer's own line about the denial, from the broker's log (only on the sandbox the lesson started). */
    private Part<String> principalSeen(Map<Integer, Long> marks) {
        if (lab.brokerLogs().isEmpty()) {
            return Part.skipped("the brokers' logs are on their own machines");
        }
        BrokerLogs logs = lab.brokerLogs().get();
        List<String> lines = new ArrayList<>();
        marks.forEach((broker, mark) -> logs.linesAfter(broker, mark).stream()
                .filter(l -> l.contains("Principal = " + principal) && l.contains(TOPIC)).forEach(lines::add));
        return lines.isEmpty() ? Part.skipped("no broker logged the denial")
                : Part.ran(lines.get(0).substring(lines.get(0).indexOf("Principal = ")));
    }

    /** Deletes every ACL that names the lesson's user; returns how many there were. */
    static int removeAcls(Lab lab) throws Exception {
        AclBindingFilter filter = new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:" + Lab.USER, null, AclOperation.ANY, AclPermissionType.ANY));
        Collection<AclBinding> deleted = lab.admin().deleteAcls(List.of(filter)).all().get(30, TimeUnit.SECONDS);
        return deleted.size();
    }
}
