package io.kafkalessons.awssetup;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class VersionsTest {

    @Test
    @DisplayName("The Kafka versions the EC2 scripts install (lib/versions.env) are the ones the root pom builds with")
    void scriptsUseThePomsVersions() throws IOException {
        Properties env = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("lib/versions.env"))) {
            env.load(in);
        }
        assertThat(System.getProperty("kafka.version")).as("passed by surefire from the root pom").isNotBlank();
        assertThat(env.getProperty("KAFKA_VERSION")).isEqualTo(System.getProperty("kafka.version"));
        assertThat(env.getProperty("LEGACY_KAFKA_VERSION")).isEqualTo(System.getProperty("legacy-kafka.version"));
    }
}
