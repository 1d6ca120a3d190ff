package io.kafkalessons.lesson17;

import io.kafkalessons.lesson17.ConnectResult.Standalone;
import io.kafkalessons.lesson17.ConnectRest.Reply;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One standalone worker moves lines of a file into a topic and from the topic into another file,
 * with two transforms on the way in; both connectors are made, inspected and removed over REST.
 */
final class StandaloneStep {

    static final String TOPIC = "lesson17-orders";
    static final String SOURCE = "lesson17-orders-source";
    static final String SINK = "lesson17-orders-sink";
    static final List<String> ORDERS = List.of("order-1 2 coffee", "order-2 1 tea", "order-3 4 croissant",
            "order-4 1 coffee", "order-5 3 juice", "order-6 2 tea", "order-7 1 bagel", "order-8 2 coffee",
            "order-9 5 water", "order-10 1 cake");
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final ConnectRest rest;
    private final Narrator narrator;

    StandaloneStep(String bootstrapServers, ConnectRest rest, Narrator narrator) {
        this.bootstrapServers = bootstrapServers;
        this.rest = rest;
        this.narrator = narrator;
    }

    Standalone run() throws IOException {
        try (Workers worker = Workers.standalone(bootstrapServers)) {
            Duration started = worker.start(1);
            String url = worker.url(1);
            narrator.say("sandbox", "standalone worker started in %.1f s, REST API at %s, %d MiB resident",
                    started.toMillis() / 1000.0, url, worker.residentMib(1));
            Path in = Files.write(worker.folder(1).resolve("orders.txt"), ORDERS);
            Path out = worker.folder(1).resolve("orders-copy.txt");
            rest.create(url, SOURCE, sourceConfig(in));
            rest.create(url, SINK, sinkConfig(out));
            List<String> copied = Poll.untilMatches(MOVE_TIMEOUT, Duration.ofMillis(200), () -> lines(out),
                    l -> l.size() >= ORDERS.size(), l -> "the sink wrote " + l.size() + " of " + ORDERS.size() + " lines");
            List<String> records = TopicCount.read(bootstrapServers, TOPIC).stream().map(ConsumerRecord::value).toList();
            narrator.say("consumer", "%s holds %d records; the first: %s", TOPIC, records.size(), records.get(0));
            narrator.say("file", "%s has %d lines; the first: %s", out.getFileName(), copied.size(), copied.get(0));
            narrator.notice("the records are not the bare lines: HoistField wrapped each in a field \"line\" and");
            narrator.notice("InsertField added \"origin\", inside the worker, before the converter turned them into JSON");
            long position = storedPosition(url);
            narrator.notice("the source offset is a byte position in the file (%d, its size is %d): after a restart the",
                    position, Files.size(in));
            narrator.notice("task reads on from there, which the worker keeps in a local file in standalone mode");
            rest.delete(url, "/connectors/" + SINK);
            rest.delete(url, "/connectors/" + SOURCE);
            return new Standalone(started.toMillis(), worker.residentMib(1), ORDERS.size(), records, copied, position,
                    Files.size(in));
        }
    }

    private long storedPosition(String url) {
        Reply offsets = Poll.untilMatches(MOVE_TIMEOUT, Duration.ofMillis(250), () -> rest.peek(url,
                "/connectors/" + SOURCE + "/offsets"), r -> r.body().path("offsets").size() > 0,
                r -> "no stored offset for " + SOURCE + ": " + r.body());
        rest.get(url, "/connectors/" + SOURCE + "/offsets");
        return offsets.body().path("offsets").get(0).path("offset").path("position").asLong();
    }

    /** The file's lines, none while it does not exist yet (a sink creates it with its first record). */
    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    // tag::source[]
    private static Map<String, String> sourceConfig(Path in) {
        return Map.ofEntries(
                Map.entry("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector"),
                Map.entry("file", in.toString()),
                Map.entry("topic", TOPIC),
                // Two single message transforms, applied in order to each record the task produces.
                Map.entry("transforms", "wrap,origin"),
                Map.entry("transforms.wrap.type", "org.apache.kafka.connect.transforms.HoistField$Value"),
                Map.entry("transforms.wrap.field", "line"),
                Map.entry("transforms.origin.type", "org.apache.kafka.connect.transforms.InsertField$Value"),
                Map.entry("transforms.origin.static.field", "origin"),
                Map.entry("transforms.origin.static.value", "orders.txt"),
                // Write the result as plain JSON, without a schema next to each record.
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter.schemas.enable", "false"));
    }
    // end::source[]

    private static Map<String, String> sinkConfig(Path out) {
        return Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                "file", out.toString(),
                "topics", TOPIC,
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false");
    }
}
