package io.kafkalessons.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster whose every link goes through a relay of the sandbox. What cuts do to Kafka (a leader cut off fenced and
 * replaced, a follower cut one way, a short cut) is lesson 20's test, PartitionsLessonTest, on a cluster like this one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaLinksTest {

    private static KafkaCluster kafka;
    /** The broker whose links the test reads. */
    private static final int NODE = 1;

    @BeforeAll
    static void startCluster() {
        kafka = KafkaCluster.builder().brokers(3).name("sandbox-links-test").cuttableLinks().start();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("Clients and the other brokers reach a broker only at its relays: its advertised addresses are not the ports it listens on")
    void everyLinkIsRelayed() throws Exception {
        KafkaNode node = kafka.node(NODE);
        String config = Files.readString(node.configFile());
        String listeners = config.lines().filter(l -> l.startsWith("listeners=")).findFirst().orElseThrow();
        String advertised = config.lines().filter(l -> l.startsWith("advertised.listeners=")).findFirst().orElseThrow();
        assertThat(listeners).doesNotContain(node.address()).contains("CONTROLLER://", "FROM_1://", "FROM_2://", "FROM_3://");
        assertThat(advertised).contains("PLAINTEXT://" + node.address());
        assertThat(config).contains("inter.broker.listener.name=FROM_" + NODE);
        // Another broker reaches this one's controller listener through a relay too.
        String otherVoters = Files.readString(kafka.node(NODE % 3 + 1).configFile()).lines()
                .filter(l -> l.startsWith("controller.quorum.voters=")).findFirst().orElseThrow();
        assertThat(otherVoters).contains(NODE + "@127.0.0.1:").doesNotContain(NODE + "@127.0.0.1:" + node.controllerPort() + ",");
    }

    @Test
    @Order(3)
    @DisplayName("A link names two different nodes of the cluster; a secured cluster cannot have cuttable links; a plain one has no links() without them")
    void badLinksAreRefused() {
        assertThatThrownBy(() -> kafka.links().cut(1, 9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no node 9 in this cluster; nodes: [1, 2, 3]");
        assertThatThrownBy(() -> kafka.links().cutOneWay(2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a link joins two different nodes, not 2 and itself");
        assertThatThrownBy(() -> KafkaCluster.builder().secured().cuttableLinks().start()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain listeners only");
    }
}
