package io.kafkalessons.lesson17;

import io.kafkalessons.lesson17.ConnectResult.BadConfig;
import io.kafkalessons.lesson17.ConnectResult.Crash;
import io.kafkalessons.lesson17.ConnectResult.DeadLetters;
import io.kafkalessons.lesson17.ConnectResult.Group;
import io.kafkalessons.lesson17.ConnectResult.Standalone;
import io.kafkalessons.lesson17.ConnectRest.Reply;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lesson 17: Kafka Connect moves data between Kafka and other systems with no client code of your
 * own: connectors configured over a REST API and run by workers. One standalone worker first, then
 * a distributed group of two, one of which is killed under a running task, with and without
 * exactly-once source support; then sinks given a record they cannot read.
 */
public final class ConnectLesson {

    static final String NUMBERS = "lesson17-numbers";
    static final String NUMBERS_EOS = "lesson17-numbers-eos";
    static final String COUNTER = "lesson17-counter";
    static final String COUNTER_EOS = "lesson17-counter-eos";
    private static final List<String> TOPICS = List.of(StandaloneStep.TOPIC, NUMBERS, NUMBERS_EOS, DeadLetterStep.TOPIC,
            DeadLetterStep.DLQ);

    private final String bootstrapServers;
    private final Narrator narrator;
    private final ConnectRest rest;

    public ConnectLesson(String bootstrapServers, Narrator narrator) {
        this.bootstrapServers = bootstrapServers;
        this.narrator = narrator;
        this.rest = new ConnectRest(narrator);
    }

    public ConnectResult run() throws Exception {
        narrator.intro(
                "Kafka Connect moves data between Kafka and other systems without client code of your own: you post a",
                "connector's config to a worker's REST API, and workers run its tasks, keep its position and restart it.",
                "Watch every REST call and its answer, where the position of a source is kept, and what a worker's");
        narrator.intro("sudden death costs: records written twice, unless exactly-once source support is on.");
        try (Admin admin = Admin.create(Clients.admin(bootstrapServers))) {
            prepare(admin);
        }
        narrator.step("one standalone worker: a file into a topic and back out into another file");
        Standalone standalone = new StandaloneStep(bootstrapServers, rest, narrator).run();
        narrator.step("a distributed group of two workers, sharing connectors, offsets and status through Kafka topics");
        try (Workers workers = Workers.distributed(bootstrapServers, 2)) {
            Group group = startGroup(workers);
            CrashStep crash = new CrashStep(workers, bootstrapServers, rest, narrator);
            narrator.step("the lesson's own source connector, paused and resumed, then its worker killed (at-least-once)");
            Crash atLeastOnce = crash.run(COUNTER, NUMBERS, false, true);
            narrator.notice("the worker stores a source's offsets every offset.flush.interval.ms (60 s): the new task began");
            narrator.notice("at the last stored offset, %d, and wrote the %d numbers after it that the dead task had written",
                    atLeastOnce.runs().get(1).first(), atLeastOnce.duplicates());
            narrator.step("the same with exactly.once.source.support=enabled (KIP-618): records and offsets in one transaction");
            restartWithExactlyOnce(workers, atLeastOnce.movedTo());
            Crash exactlyOnce = crash.run(COUNTER_EOS, NUMBERS_EOS, true, false);
            narrator.notice("each poll's records and the offset after them commit in one transaction: the new task began right");
            narrator.notice("after the dead one's last commit, and anything the dead one had not committed was aborted");
            narrator.step("sinks given a record that is not JSON: a dead letter queue, or a failed task");
            DeadLetters deadLetters = new DeadLetterStep(workers, bootstrapServers, rest, narrator).run();
            narrator.step("what the REST API says to configs it cannot use");
            BadConfig badConfig = badConfig(workers.liveUrl());
            return new ConnectResult(standalone, group, atLeastOnce, exactlyOnce, deadLetters, badConfig);
        }
    }

    /** Topics anew, and no trace of an earlier run: its connector configs, offsets, status and sink groups. */
    private void prepare(Admin admin) throws Exception {
        Topics.delete(admin, Workers.INTERNAL_TOPICS);
        Topics.deleteGroups(admin, "connect-lesson17-");
        for (String topic : TOPICS) {
            Topics.recreate(admin, new NewTopic(topic, Optional.of(1), Optional.empty()));
        }
    }

    private Group startGroup(Workers workers) {
        Duration started = workers.start(1, 2);
        List<Long> memory = new ArrayList<>(List.of(workers.residentMib(1), workers.residentMib(2)));
        narrator.say("sandbox", "workers 1 and 2 started together in %.1f s (%d and %d MiB resident), group.id %s",
                started.toMillis() / 1000.0, memory.get(0), memory.get(1), Workers.GROUP);
        rest.get(workers.url(1), "/");
        rest.get(workers.url(2), "/connector-plugins?connectorsOnly=true");
        narrator.notice("either worker answers for the whole group; connectors and tasks are spread over both");
        return new Group(started.toMillis(), memory);
    }

    private void restartWithExactlyOnce(Workers workers, int survivor) {
        workers.faults().stop(survivor);
        workers.exactlyOnce(true);
        Duration started = workers.start(1, 2);
        narrator.say("sandbox", "both workers started again with exactly.once.source.support=enabled, in %.1f s",
                started.toMillis() / 1000.0);
    }

    private BadConfig badConfig(String url) {
        Reply missing = rest.create(url, "lesson17-typo", Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConector",
                "topics", DeadLetterStep.TOPIC));
        Reply validated = rest.put(url, "/connector-plugins/FileStreamSinkConnector/config/validate", Map.of(
                "name", "lesson17-validated",
                "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                "topics", DeadLetterStep.TOPIC,
                "tasks.max", "two"));
        String badField = "";
        for (var field : validated.body().path("configs")) {
            for (var error : field.path("value").path("errors")) {
                narrator.say("REST", "  %s: %s", field.path("value").path("name").asText(), error.asText());
                badField = badField.isEmpty() ? error.asText() : badField;
            }
        }
        narrator.notice("nothing was created: a config is checked before it is stored, and the answer says what is wrong");
        return new BadConfig(missing.status(), missing.error(), validated.body().path("error_count").asInt(), badField);
    }
}
