package io.kafkalessons.lesson24;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScrapeTest {

    @Test
    @DisplayName("A page in Prometheus's text format: comments skipped, labels kept with the name, +Inf read, an unreadable value left out")
    void parsesThePage() {
        Map<String, Double> samples = Scrape.parse(String.join("\n",
                "# HELP kafka_server_replicamanager_underreplicatedpartitions an example",
                "# TYPE kafka_server_replicamanager_underreplicatedpartitions gauge",
                "kafka_server_replicamanager_underreplicatedpartitions 2.0",
                "jvm_runtime_info{runtime=\"OpenJDK Runtime Environment\",version=\"17\"} 1.0",
                "some_bucket{le=\"+Inf\"} +Inf",
                "some_ratio NaN",
                "odd_line not-a-number",
                ""));
        assertThat(samples).containsEntry("kafka_server_replicamanager_underreplicatedpartitions", 2.0)
                .containsEntry("jvm_runtime_info{runtime=\"OpenJDK Runtime Environment\",version=\"17\"}", 1.0)
                .containsEntry("some_bucket{le=\"+Inf\"}", Double.POSITIVE_INFINITY)
                .containsKey("some_ratio")
                .doesNotContainKey("odd_line")
                .hasSize(4);
    }
}
