package io.kafkalessons.lesson24;

import io.kafkalessons.lesson24.WatchingResult.Faulted;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import org.apache.kafka.clients.admin.Admin;

import java.util.Map;

/**
 * Lesson 24: watching a cluster the way an operator does. Every node runs the Prometheus JMX
 * exporter; the lesson scrapes them as Prometheus would, freezes a broker and kills the active
 * controller, and shows which metric moves, and when. Then a consumer group's lag, in records and
 * in time. The alert rules these numbers feed are in {@code alerts/kafka-alerts.yml}.
 */
public final class WatchingLesson {

    private final String bootstrapServers;
    private final Faults faults;
    private final Map<Integer, String> metricsUrls;
    private final Narrator narrator;

    /** @param metricsUrls every node's exporter address by node id; empty when the lesson cannot scrape the cluster */
    public WatchingLesson(String bootstrapServers, Faults faults, Map<Integer, String> metricsUrls, Narrator narrator) {
        this.bootstrapServers = bootstrapServers;
        this.faults = faults;
        this.metricsUrls = Map.copyOf(metricsUrls);
        this.narrator = narrator;
    }

    public WatchingResult run() throws Exception {
        narrator.intro(
                "An operator does not watch a cluster by asking it questions: every node publishes numbers, a",
                "monitoring system reads them every few seconds, and alert rules fire on them. Here each node runs",
                "the Prometheus JMX exporter; watch which number moves when a broker freezes, and which when the",
                "controller dies. Then the number every application is watched by: consumer lag.");
        try (Admin admin = Admin.create(Clients.admin(bootstrapServers))) {
            Part<Faulted> faulted = faultSteps(admin);
            return new WatchingResult(faulted, new LagStep(admin, bootstrapServers, narrator).run());
        }
    }

    private Part<Faulted> faultSteps(Admin admin) throws Exception {
        String title = "broker metrics through a frozen broker and a killed controller";
        if (!faults.available()) {
            return narrator.skipStep(title, faults.unavailableReason());
        }
        if (metricsUrls.isEmpty() || faults.clientAddresses().size() < 3) {
            return narrator.skipStep(title, "it needs 3 brokers, each running the metrics exporter");
        }
        ClusterMetrics metrics = new ClusterMetrics(metricsUrls, narrator);
        return Part.ran(new FaultSteps(admin, faults, metrics, narrator, bootstrapServers).run());
    }
}
