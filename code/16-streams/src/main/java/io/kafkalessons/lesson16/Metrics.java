package io.kafkalessons.lesson16;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.Map;

/** The few Kafka Streams metrics the lesson reads. */
final class Metrics {

    private Metrics() {
    }

    /**
     * Records the application dropped on purpose, summed over its tasks: in this topology, views that
     * reached a window after it closed (task metric {@code dropped-records-total}).
     */
    static long droppedRecords(Map<MetricName, ? extends Metric> metrics) {
        return Math.round(metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-task-metrics") && e.getKey().name().equals("dropped-records-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum());
    }
}
