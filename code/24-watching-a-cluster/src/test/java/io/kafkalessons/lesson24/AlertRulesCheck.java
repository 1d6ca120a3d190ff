package io.kafkalessons.lesson24;

import io.kafkalessons.lesson24.WatchingResult.Faulted;
import io.kafkalessons.lesson24.WatchingResult.Lag;
import io.kafkalessons.lesson24.WatchingResult.NodeSample;
import io.kafkalessons.lesson24.WatchingResult.View;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks {@code alerts/kafka-alerts.yml} against what lesson 24 measured: the series names it uses,
 * and, with Prometheus's {@code promtool}, which alerts fire on the measured views. The unit test
 * given to promtool plays the healthy view for 10 minutes, then the fenced view (and the lag) for
 * 25: at minute 5 nothing may fire; at minute 35 exactly the alerts those numbers mean.
 */
final class AlertRulesCheck {

    static final Path RULES = Path.of("alerts", "kafka-alerts.yml");
    private static final Pattern SERIES = Pattern.compile("\\b(kafka_[a-z_]+|up)\\b");
    private static final String JOB = "job=\"kafka\"";

    private AlertRulesCheck() {
    }

    /** Every series name the rules' expressions use. */
    static TreeSet<String> seriesUsed() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        boolean inExpr = false;
        for (String line : Files.readAllLines(RULES)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("expr:")) {
                inExpr = true;
            } else if (!line.startsWith("          ") || trimmed.startsWith("#")) {
                inExpr = false;
            }
            if (inExpr) {
                Matcher m = SERIES.matcher(trimmed.replaceAll("\\{[^}]*}", ""));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** Writes the promtool unit test for the measured run and runs it; returns promtool's exit code and output. */
    static Map.Entry<Integer, String> runPromtool(Faulted f, Lag lag, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path test = dir.resolve("kafka-alerts-test.yml");
        Files.writeString(test, unitTest(f, lag), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("promtool", "test", "rules", test.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return Map.entry(-1, "promtool did not finish within 60 s");
        }
        return Map.entry(p.exitValue(), output);
    }

    private static String unitTest(Faulted f, Lag lag) {
        View healthy = f.healthy();
        View fenced = f.fenced();
        List<String> lines = new ArrayList<>(List.of("rule_files:", "  - " + RULES.toAbsolutePath(), "evaluation_interval: 1m",
                "tests:", "  - interval: 1m", "    input_series:"));
        for (NodeSample before : healthy.nodes()) {
            NodeSample after = fenced.nodes().stream().filter(n -> n.node() == before.node()).findFirst().orElseThrow();
            String instance = "instance=\"node-" + before.node() + "\"";
            series(lines, "up{" + JOB + "," + instance + "}", 1, after.answered() ? "1" : "0");
            gauge(lines, ClusterMetrics.UNDER_REPLICATED, instance, before, after, NodeSample::underReplicated);
            gauge(lines, ClusterMetrics.UNDER_MIN_ISR, instance, before, after, NodeSample::underMinIsr);
            gauge(lines, ClusterMetrics.OFFLINE, instance, before, after, NodeSample::offline);
            gauge(lines, ClusterMetrics.ACTIVE_CONTROLLER, instance, before, after, NodeSample::activeController);
            gauge(lines, ClusterMetrics.FENCED_BROKERS, instance, before, after, NodeSample::fencedBrokers);
            gauge(lines, ClusterMetrics.ISR_SHRINKS, instance, before, after, NodeSample::isrShrinks);
        }
        String labels = "{group=\"" + lag.group() + "\",topic=\"" + LagStep.TOPIC + "\",partition=\"0\"}";
        lines.add("      - series: '" + LagStep.LAG_SECONDS + labels + "'");
        lines.add("        values: '_x9 " + lag.seconds() + "x25'");
        lines.add("      - series: '" + LagStep.LAG_RECORDS + labels + "'");
        lines.add("        values: '_x9 " + lag.records() + "x25'");
        lines.add("    alert_rule_test:");
        for (String alert : List.of("KafkaNodeSilent", "KafkaOfflinePartitions", "KafkaUnderMinIsrPartitions",
                "KafkaUnderReplicatedPartitions", "KafkaActiveControllerCount", "KafkaFencedBrokers", "KafkaIsrFlapping",
                "KafkaConsumerLagTime", "KafkaConsumerLagRecordsGrowing")) {
            lines.add("      - {eval_time: 5m, alertname: " + alert + ", exp_alerts: []}");
        }
        expect(lines, "KafkaNodeSilent", "{severity: critical, job: kafka, instance: node-" + f.frozen() + "}",
                "Kafka node node-" + f.frozen() + " has not answered a scrape for 1 minute");
        expect(lines, "KafkaOfflinePartitions", "{severity: critical}", fenced.offline() + " partitions have no leader");
        expect(lines, "KafkaUnderMinIsrPartitions", "{severity: critical}",
                fenced.underMinIsr() + " partitions are under min.insync.replicas: acks=all writes to them fail");
        expect(lines, "KafkaUnderReplicatedPartitions", "{severity: warning}",
                fenced.underReplicated() + " partitions have been missing an in-sync replica for 5 minutes");
        expect(lines, "KafkaFencedBrokers", "{severity: warning}", fenced.fencedBrokers() + " brokers fenced for 5 minutes");
        expect(lines, "KafkaConsumerLagTime", "{severity: warning, group: " + lag.group() + ", topic: " + LagStep.TOPIC + "}",
                "group " + lag.group() + " is " + lag.seconds() + " s behind on " + LagStep.TOPIC);
        for (String quiet : List.of("KafkaActiveControllerCount", "KafkaIsrFlapping", "KafkaConsumerLagRecordsGrowing")) {
            lines.add("      - {eval_time: 35m, alertname: " + quiet + ", exp_alerts: []}");
        }
        return String.join("\n", lines) + "\n";
    }

    private static void gauge(List<String> lines, String name, String instance, NodeSample before, NodeSample after,
                              ToLongFunction<NodeSample> value) {
        series(lines, name + "{" + JOB + "," + instance + "}", value.applyAsLong(before),
                after.answered() ? Long.toString(value.applyAsLong(after)) : "_");
    }

    /** Ten minutes of {@code before}, then 25 of {@code after} ({@code _}: no sample, the node did not answer). */
    private static void series(List<String> lines, String series, long before, String after) {
        lines.add("      - series: '" + series + "'");
        lines.add("        values: '" + before + "x9 " + after + "x25'");
    }

    private static void expect(List<String> lines, String alert, String labels, String summary) {
        lines.add("      - eval_time: 35m");
        lines.add("        alertname: " + alert);
        lines.add("        exp_alerts:");
        lines.add("          - exp_labels: " + labels);
        lines.add("            exp_annotations: {summary: \"" + summary + "\"}");
    }
}
