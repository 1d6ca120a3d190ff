package io.kafkalessons.lesson24;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.KafkaNode;
import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Needs;

import java.util.Map;
import java.util.TreeMap;

/**
 * Lesson 24 from the command line: {@code ./lessons 24}, or {@code ./lessons 24 --bootstrap-server host:9092}
 * (then only the consumer lag: the lesson cannot freeze or scrape someone else's brokers).
 */
public final class WatchingMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(24, "watching-a-cluster",
            "Watching a cluster: the metrics an operator alerts on, and consumer lag",
            Needs.kafka(3, b -> b
                    // tag::settings[]
                    // Every node runs the Prometheus JMX exporter as a Java agent (exporter.yml says what it publishes).
                    .metricsExporter(Exporter.forSandbox())
                    // A follower that has not caught up for 1.5 s leaves the ISR (default 30 s), so the freeze shows at once ...
                    .config("replica.lag.time.max.ms", "1500")
                    // ... well before the controller fences the frozen broker for missing heartbeats (default 9 s).
                    .config("broker.session.timeout.ms", "6000")
                    // end::settings[]
            ), 30);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public WatchingResult run(LessonContext context) throws Exception {
        return new WatchingLesson(context.requireBootstrapServers(), context.faults(),
                context.kafkaSandbox().map(WatchingMain::metricsUrls).orElse(Map.of()), context.narrator()).run();
    }

    /** Every node's exporter address, by node id. */
    static Map<Integer, String> metricsUrls(KafkaCluster kafka) {
        Map<Integer, String> urls = new TreeMap<>();
        for (KafkaNode node : kafka.nodes()) {
            node.metricsUrl().ifPresent(url -> urls.put(node.id(), url));
        }
        return urls;
    }

    public static void main(String[] args) {
        LessonLauncher.main(new WatchingMain(), args);
    }
}
