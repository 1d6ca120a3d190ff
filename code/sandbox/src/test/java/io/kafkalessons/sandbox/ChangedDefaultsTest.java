package io.kafkalessons.sandbox;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The root README's table of broker settings the sandbox changes says what the code does, and what Kafka's defaults are. */
class ChangedDefaultsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| ([^|]+) \\| ([^|]+) \\|");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** Rows of the table: setting -> {sandbox cell, default cell}. */
    private static Map<String, String[]> table() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        String section = readme.substring(readme.indexOf("### What the sandbox changes"));
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : section.lines().takeWhile(l -> !l.startsWith("Lesson 9 also")).toList()) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.put(m.group(1), new String[] {m.group(2).trim(), m.group(3).trim()});
            }
        }
        return rows;
    }

    private static String firstNumber(String cell) {
        Matcher m = NUMBER.matcher(cell);
        assertThat(m.find()).as(cell).isTrue();
        return m.group();
    }

    @Test
    @DisplayName("Every broker setting the sandbox changes is in the table, and nothing else is")
    void tableListsExactlyWhatTheSandboxChanges() throws IOException {
        assertThat(table().keySet()).containsExactlyInAnyOrderElementsOf(ChangedDefaults.forBrokers(3).keySet());
    }

    @Test
    @DisplayName("The sandbox column says what a 3-broker sandbox writes into server.properties")
    void sandboxColumnMatchesTheCode() throws IOException {
        Map<String, String> sandbox = ChangedDefaults.forBrokers(3);
        table().forEach((key, cells) -> assertThat(firstNumber(cells[0])).as(key).isEqualTo(sandbox.get(key)));
    }

    @Test
    @DisplayName("The default column says what Kafka itself uses when the setting is left out (its ConfigDef)")
    void defaultColumnMatchesKafka() throws IOException {
        ConfigDef defaults = kafka.server.KafkaConfig.configDef();
        table().forEach((key, cells) -> {
            ConfigDef.ConfigKey config = defaults.configKeys().get(key);
            assertThat(config).as(key + " is a Kafka broker setting").isNotNull();
            assertThat(firstNumber(cells[1])).as(key).isEqualTo(String.valueOf(config.defaultValue));
        });
    }
}
