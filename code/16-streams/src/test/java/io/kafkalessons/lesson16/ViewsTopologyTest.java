package io.kafkalessons.lesson16;

import io.kafkalessons.lesson16.ViewLog.View;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology's logic, operator by operator, in one JVM and without a broker (Kafka's TopologyTestDriver). */
class ViewsTopologyTest {

    private static final List<View> VIEWS = ViewLog.views(400, ViewLog.START);
    private static final ViewsTopology.Names NAMES = new ViewsTopology.Names("lesson16-test");

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> views;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "lesson16-topology-test");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ViewsTopology.build(NAMES), config);
        views = driver.createInputTopic(NAMES.views(), new StringSerializer(), new StringSerializer());
        TestInputTopic<String, String> users = driver.createInputTopic(NAMES.users(), new StringSerializer(),
                new StringSerializer());
        ViewLog.COUNTRIES.forEach((user, country) -> users.pipeInput(user, country, ViewLog.START.minusSeconds(60)));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void sendAll() {
        VIEWS.forEach(v -> views.pipeInput(v.user(), v.path(), Instant.ofEpochMilli(v.timestamp())));
    }

    private Map<String, Long> latest(String topic) {
        TestOutputTopic<String, Long> out = driver.createOutputTopic(topic, new StringDeserializer(), new LongDeserializer());
        return out.readKeyValuesToMap();
    }

    private static long people() {
        return VIEWS.stream().filter(v -> !v.path().equals(ViewsTopology.HEALTH_CHECK)).count();
    }

    @Test
    @DisplayName("filter drops the health checks; the count per user adds up to the views by people, late ones included")
    void countPerUser() {
        sendAll();
        Map<String, Long> perUser = latest(NAMES.perUser());
        assertThat(perUser.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(people());
        assertThat(perUser).containsKey(ViewLog.UNKNOWN_USER).hasSize(ViewLog.COUNTRIES.size() + 1);
        Map<String, Long> expected = VIEWS.stream().filter(v -> !v.path().equals(ViewsTopology.HEALTH_CHECK))
                .collect(Collectors.groupingBy(View::user, Collectors.counting()));
        assertThat(perUser).isEqualTo(expected);
    }

    @Test
    @DisplayName("mapValues turns paths into page names, which the count per page is keyed by")
    void countPerPage() {
        sendAll();
        Map<String, Long> perPage = latest(NAMES.perPage());
        assertThat(perPage.keySet()).containsExactlyInAnyOrder("home", "search", "cart", "checkout");
        assertThat(perPage.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(people());
    }

    @Test
    @DisplayName("a tumbling window counts views within grace and drops the ones that come after it closed")
    void windows() {
        sendAll();
        Map<String, Long> perWindow = latest(NAMES.perWindow());
        long windowed = perWindow.values().stream().mapToLong(Long::longValue).sum();
        assertThat(windowed).isEqualTo(people() - ViewLog.TOO_LATE_VIEWS);
        assertThat(perWindow.keySet()).allMatch(k -> k.matches("u\\d\\d@2026-01-01T10:0[0-9]:[0-5]0Z"));
        assertThat(Metrics.droppedRecords(driver.metrics())).isEqualTo(ViewLog.TOO_LATE_VIEWS);
    }

    @Test
    @DisplayName("the stream-table join gives each view its user's country, and drops views of users the table lacks")
    void join() {
        sendAll();
        List<String> joined = driver.createOutputTopic(NAMES.withCountry(), new StringDeserializer(),
                new StringDeserializer()).readValuesToList();
        long unknown = VIEWS.stream().filter(v -> v.user().equals(ViewLog.UNKNOWN_USER)
                && !v.path().equals(ViewsTopology.HEALTH_CHECK)).count();
        assertThat(unknown).isPositive();
        assertThat(joined).hasSize((int) (people() - unknown));
        assertThat(joined).allMatch(s -> s.matches("(home|search|cart|checkout) from [A-Z]{2}"));
    }
}
