package io.kafkalessons.lesson17;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkalessons.lesson17.ConnectResult.DeadLetters;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two file sinks read the same topic, in which one record of eleven is not JSON. One tolerates
 * errors and sends what it cannot convert to a dead letter queue topic; the other fails, and its
 * status says why; restarting it only fails again on the same record.
 */
final class DeadLetterStep {

    static final String TOPIC = "lesson17-payments";
    static final String DLQ = "lesson17-payments-dlq";
    static final String TOLERANT = "lesson17-payments-tolerant";
    static final String STRICT = "lesson17-payments-strict";
    static final int GOOD = 10;
    /** Where the record that is not JSON goes, among the good ones. */
    static final int BAD_AT = 5;
    static final String BAD = "amount=12.50 EUR";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Workers workers;
    private final String bootstrapServers;
    private final ConnectRest rest;
    private final Narrator narrator;

    DeadLetterStep(Workers workers, String bootstrapServers, ConnectRest rest, Narrator narrator) {
        this.workers = workers;
        this.bootstrapServers = bootstrapServers;
        this.rest = rest;
        this.narrator = narrator;
    }

    DeadLetters run() throws Exception {
        List<String> sent = send();
        narrator.say("producer", "wrote %d records to %s; record %d is not JSON: %s", sent.size(), TOPIC, BAD_AT, BAD);
        String url = workers.liveUrl();
        Path tolerantFile = workers.folder(1).resolve("payments-tolerant.txt");
        rest.create(url, TOLERANT, config(tolerantFile, true));
        rest.create(url, STRICT, config(workers.folder(1).resolve("payments-strict.txt"), false));
        List<String> written = Poll.untilMatches(TIMEOUT, Duration.ofMillis(200), () -> StandaloneStep.lines(tolerantFile),
                l -> l.size() >= GOOD, l -> TOLERANT + " wrote " + l.size() + " of " + GOOD + " lines");
        List<ConsumerRecord<String, String>> dead = Poll.untilMatches(TIMEOUT, Duration.ofMillis(200),
                () -> TopicCount.read(bootstrapServers, DLQ), d -> !d.isEmpty(), d -> DLQ + " stayed empty");
        String reason = header(dead.get(0), "__connect.errors.exception.class.name");
        narrator.say("file", "%s wrote %d lines; %s holds %d record: \"%s\", because of %s", TOLERANT, written.size(),
                DLQ, dead.size(), dead.get(0).value(), reason);
        JsonNode failed = awaitTask(url, STRICT, "FAILED");
        String trace = firstLine(failed.path("trace").asText());
        rest.get(url, "/connectors/" + STRICT + "/status");
        narrator.say("status", "%s: task FAILED, %s", STRICT, trace);
        JsonNode restart = rest.post(url, "/connectors/" + STRICT + "/restart?includeTasks=true&onlyFailed=true", null)
                .body().path("tasks").path(0);
        String againAfterRestart = awaitTask(url, STRICT, "FAILED").path("state").asText();
        narrator.notice("errors.tolerance=all skipped the record it could not read and kept it in %s; the default,", DLQ);
        narrator.notice("none, stops the task at it, and a restart reads the same record again and fails again");
        rest.delete(url, "/connectors/" + TOLERANT);
        rest.delete(url, "/connectors/" + STRICT);
        return new DeadLetters(GOOD, 1, written.size(), dead.size(), dead.get(0).value(), reason, trace,
                restart.path("state").asText(), againAfterRestart);
    }

    private List<String> send() throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            if (i == BAD_AT) {
                values.add(BAD);
            }
            values.add("{\"payment\":" + (i + 1) + ",\"amount\":" + (10 + i) + "}");
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Clients.producer(bootstrapServers))) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(TOPIC, value)).get(30, TimeUnit.SECONDS);
            }
        }
        return values;
    }

    private JsonNode awaitTask(String url, String name, String state) {
        return Poll.untilMatches(TIMEOUT, Duration.ofMillis(100), () -> rest.task(url, name),
                t -> state.equals(t.path("state").asText()),
                t -> "the task of " + name + " is not " + state + ": " + t);
    }

    private static String header(ConsumerRecord<String, String> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null ? "(no header " + key + ")" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }

    // tag::sink[]
    private static Map<String, String> config(Path file, boolean tolerant) {
        Map<String, String> c = new HashMap<>(Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                "file", file.toString(),
                "topics", TOPIC,
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false"));
        if (tolerant) {
            // Skip a record that fails to convert or transform instead of stopping the task (default: none)...
            c.put("errors.tolerance", "all");
            // ...and keep it, with headers saying what went wrong, in a topic of its own.
            c.put("errors.deadletterqueue.topic.name", DLQ);
            c.put("errors.deadletterqueue.context.headers.enable", "true");
        }
        return c;
    }
    // end::sink[]
}
