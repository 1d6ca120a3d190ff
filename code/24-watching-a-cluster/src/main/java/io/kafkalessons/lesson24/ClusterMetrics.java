package io.kafkalessons.lesson24;

import io.kafkalessons.lesson24.WatchingResult.NodeSample;
import io.kafkalessons.lesson24.WatchingResult.View;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Narrator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The cluster's metrics as Prometheus would see them: every node's {@code /metrics}, scraped at the
 * same moment (in parallel, so a frozen node costs one timeout, not one per node).
 */
final class ClusterMetrics {

    /** The series lesson 24 reads, as the exporter's rules ({@code exporter.yml}) name them. */
    static final String UNDER_REPLICATED = "kafka_server_replicamanager_underreplicatedpartitions";
    static final String UNDER_MIN_ISR = "kafka_server_replicamanager_underminisrpartitioncount";
    static final String OFFLINE = "kafka_controller_kafkacontroller_offlinepartitionscount";
    static final String ACTIVE_CONTROLLER = "kafka_controller_kafkacontroller_activecontrollercount";
    static final String FENCED_BROKERS = "kafka_controller_kafkacontroller_fencedbrokercount";
    static final String ISR_SHRINKS = "kafka_server_replicamanager_isrshrinks_total";
    static final String ISR_EXPANDS = "kafka_server_replicamanager_isrexpands_total";
    static final String PRODUCE_MAX = "kafka_network_requestmetrics_totaltimems_max{request=\"Produce\"}";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Map<Integer, String> urls;
    private final Narrator narrator;

    /** @param urls every node's {@code /metrics} address, by node id */
    ClusterMetrics(Map<Integer, String> urls, Narrator narrator) {
        this.urls = Map.copyOf(urls);
        this.narrator = narrator;
    }

    /** One scrape of every node, now. */
    View read() {
        List<Integer> ids = urls.keySet().stream().sorted().toList();
        List<CompletableFuture<Optional<Map<String, Double>>>> pages = ids.stream()
                .map(id -> Scrape.of(urls.get(id))).toList();
        List<NodeSample> nodes = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(i);
            nodes.add(pages.get(i).join().map(page -> sample(id, page)).orElseGet(() -> NodeSample.silent(id)));
        }
        return new View(nodes);
    }

    private static NodeSample sample(int id, Map<String, Double> page) {
        return new NodeSample(id, true, (int) value(page, UNDER_REPLICATED), (int) value(page, UNDER_MIN_ISR),
                (int) value(page, OFFLINE), (int) value(page, ACTIVE_CONTROLLER), (int) value(page, FENCED_BROKERS),
                (long) value(page, ISR_SHRINKS), (long) value(page, ISR_EXPANDS), (long) value(page, PRODUCE_MAX));
    }

    /** A series the page lacks (a broker-only node has no controller metrics) counts as 0. */
    private static double value(Map<String, Double> page, String series) {
        return page.getOrDefault(series, 0.0);
    }

    /** Scrapes until {@code condition} holds (within 30 s) and returns that view, printed. */
    View await(String what, Predicate<View> condition) {
        View view = Poll.untilMatches(WAIT, Duration.ofMillis(250), this::read, condition,
                last -> "the metrics did not show " + what + " within " + WAIT.toSeconds() + " s; last: "
                        + (last == null ? "no scrape" : last.brief()));
        print(view);
        return view;
    }

    /** The view as a table, one row per node; a node that did not answer shows dashes. */
    void print(View view) {
        narrator.say("metrics", "%-5s %-8s %4s %13s %8s %11s %7s %11s %11s %12s", "node", "answered", "urp", "under-min-isr",
                "offline", "active-ctrl", "fenced", "isr-shrinks", "isr-expands", "produce-max");
        for (NodeSample n : view.nodes()) {
            if (!n.answered()) {
                narrator.say("metrics", "%-5d %-8s %4s %13s %8s %11s %7s %11s %11s %12s", n.node(), "no", "-", "-", "-", "-", "-",
                        "-", "-", "-");
                continue;
            }
            narrator.say("metrics", "%-5d %-8s %4d %13d %8d %11d %7d %11d %11d %9d ms", n.node(), "yes", n.underReplicated(),
                    n.underMinIsr(), n.offline(), n.activeController(), n.fencedBrokers(), n.isrShrinks(), n.isrExpands(),
                    n.produceMaxMs());
        }
    }
}
