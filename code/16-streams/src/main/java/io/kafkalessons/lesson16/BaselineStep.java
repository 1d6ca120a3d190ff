package io.kafkalessons.lesson16;

import io.kafkalessons.lesson16.ViewLog.View;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.process.Folders;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The application once through, in the lesson's own JVM and without a crash: what each operator made
 * of the views, which topics Kafka Streams created, and a look into a running instance's store.
 */
final class BaselineStep {

    private final Lab lab;

    BaselineStep(Lab lab) {
        this.lab = lab;
    }

    StreamsResult.Baseline run(ViewsTopology.Names names, List<View> views) throws Exception {
        Narrator narrator = lab.narrator();
        lab.sendUsers(names, views);
        lab.sendViews(names, views);
        Topology topology = ViewsTopology.build(names);
        int subTopologies = TopologySummary.print(topology, narrator);
        Path stateDir = Files.createTempDirectory("kafka-lessons-16-");
        AppSettings settings = new AppSettings(lab.bootstrapServers(), names.app(), AppSettings.AT_LEAST_ONCE, 100, 0);
        try (KafkaStreams streams = new KafkaStreams(topology, settings.streamsConfig(stateDir))) {
            long start = System.nanoTime();
            streams.start();
            lab.awaitProcessed(names, 0, () -> { });
            narrator.say("app", "%s processed %d views in %.1f s (start included)", names.app(), views.size(),
                    (System.nanoTime() - start) / 1e9);
            long storeCount = query(streams);
            long dropped = Metrics.droppedRecords(streams.metrics());
            streams.close(Duration.ofSeconds(10));
            return results(names, views, subTopologies, storeCount, dropped);
        } finally {
            Folders.deleteRecursively(stateDir);
        }
    }

    // tag::local-query[]
    /** Interactive query: read one user's count straight from the running instance's state store. */
    private static long query(KafkaStreams streams) {
        var store = streams.store(StoreQueryParameters.fromNameAndType(ViewsTopology.USER_STORE,
                QueryableStoreTypes.<String, Long>keyValueStore()));
        return store.get(StreamsLesson.QUERIED_USER);
    }
    // end::local-query[]

    private StreamsResult.Baseline results(ViewsTopology.Names names, List<View> views, int subTopologies, long storeCount,
                                           long dropped) throws Exception {
        Narrator narrator = lab.narrator();
        StreamsResult.Counts counts = StreamsLesson.counts(lab, names);
        Map<String, Long> windows = lab.latestCounts(names.perWindow());
        long windowed = windows.values().stream().mapToLong(Long::longValue).sum();
        long joined = lab.endOffsets(names.withCountry());
        long people = StreamsLesson.people(views);
        narrator.say("filter", "%d views sent, %d by people: the %d health checks are gone", views.size(), people,
                views.size() - people);
        narrator.say("count", "per user %s", counts.perUser());
        narrator.say("count", "per page %s", counts.perPage());
        narrator.say("window", "%d views in %d (user, 10 s window) counts; %d came after their window closed: dropped",
                windowed, windows.size(), dropped);
        narrator.say("join", "%d views joined with a country; the %d of %s, whom the users table does not know, are not",
                joined, people - joined, ViewLog.UNKNOWN_USER);
        narrator.say("query", "the running instance's store says %s viewed %d pages; the output topic agrees: %d",
                StreamsLesson.QUERIED_USER, storeCount, counts.perUser().get(StreamsLesson.QUERIED_USER));
        List<String> internal = List.copyOf(lab.internalTopics(names.app()));
        internal.forEach(topic -> narrator.say("kafka", "internal topic %s", topic));
        narrator.notice("each store has a changelog topic: the store's contents, as a log. The count per page needed a");
        narrator.notice("new key, so Kafka Streams wrote the views to a repartition topic and read them back, keyed by page.");
        return new StreamsResult.Baseline(subTopologies, subTopologies * Lab.PARTITIONS, internal, views.size(), people, counts,
                windowed, windows.size(), dropped, joined, storeCount);
    }
}
