package io.kafkalessons.lesson17;

import io.kafkalessons.sandbox.lesson.UnreachableClusterException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkersTest {

    @Test
    @DisplayName("A worker that cannot reach Kafka says so in one line within seconds, not after its admin client's minute")
    void workerWithoutKafkaSaysSo() {
        long start = System.nanoTime();
        try (Workers worker = Workers.standalone("127.0.0.1:1")) {
            assertThatThrownBy(() -> worker.start(1)).isInstanceOf(UnreachableClusterException.class)
                    .hasMessage("Connect worker 1 cannot start: nothing listens at 127.0.0.1:1 (connection refused);"
                            + " is the cluster running, and is that a broker's client listener?");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
}
