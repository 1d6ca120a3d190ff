package io.kafkalessons.lesson02;

import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WatchesLessonTest {

    private static ZooKeeperEnsemble zk;
    private static WatchesResult result;

    @BeforeAll
    static void runLessonOnThreeServers() throws Exception {
        zk = ZooKeeperEnsemble.builder().servers(3).name("lesson-02-test").start();
        result = new WatchesLesson(zk.connectString(), Faults.of(zk), Narrator.silent()).run();
    }

    @AfterAll
    static void stopEnsemble() {
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    @DisplayName("A one-shot watch fires once: two changes, one NodeDataChanged event")
    void oneShotWatchFiresOnce() {
        assertThat(result.oneShotEvents()).containsExactly("NodeDataChanged /lessons/02/config");
    }

    @Test
    @DisplayName("A persistent watch fires for every change: two changes, two events")
    void persistentWatchFiresEveryTime() {
        assertThat(result.persistentEvents()).containsExactly(
                "NodeDataChanged /lessons/02/config", "NodeDataChanged /lessons/02/config");
    }

    @Test
    @DisplayName("A persistent recursive watch reports creations and changes anywhere below its path, in order")
    void recursiveWatchCoversTheSubtree() {
        assertThat(result.recursiveEvents()).containsExactly(
                "NodeCreated /lessons/02/tree/a", "NodeCreated /lessons/02/tree/a/b", "NodeDataChanged /lessons/02/tree/a/b");
    }

    @Test
    @DisplayName("An outage shorter than the session timeout: Disconnected, then SyncConnected; same session, ephemeral znode kept")
    void disconnectIsHarmless() {
        WatchesResult.Outage d = result.sessions().value().disconnect();
        assertThat(names(d)).containsExactly("Disconnected", "SyncConnected");
        assertThat(d.sameSession()).isTrue();
        assertThat(d.ephemeralSurvived()).isTrue();
        assertThat(d.othersSawDeletion()).isFalse();
    }

    @Test
    @DisplayName("A silent server: the client reports Disconnected 2/3 of the 6 s session timeout (4 s) after its last answer; a killed one: at once")
    void disconnectAfterTwoThirdsOfTheTimeout() {
        for (WatchesResult.Outage o : List.of(result.sessions().value().disconnect(), result.sessions().value().expiry())) {
            assertThat(o.states().get(0).state()).isEqualTo("Disconnected");
            assertThat(o.states().get(0).atMillis()).isBetween(4000L, 4600L);
        }
        // The killed server's operating system closes the connection, so the client knows within a second.
        assertThat(result.sessions().value().clientExpiry().states().get(0).state()).isEqualTo("Disconnected");
        assertThat(result.sessions().value().clientExpiry().states().get(0).atMillis()).isLessThan(1000L);
    }

    @Test
    @DisplayName("A freeze longer than the session timeout: Disconnected, then Expired, told by the ensemble once the server answers again; the ephemeral znode is deleted for everyone")
    void expiryIsFinal() {
        WatchesResult.Outage e = result.sessions().value().expiry();
        assertThat(e.frozenMillis()).isGreaterThan(WatchesLesson.SESSION_TIMEOUT_MS);
        assertThat(names(e)).containsExactly("Disconnected", "Expired");
        assertThat(e.expiredAtMillis().orElseThrow()).as("not before the frozen server answers").isGreaterThanOrEqualTo(e.frozenMillis());
        assertThat(e.expiredBy()).isEqualTo("ensemble");
        assertThat(e.sameSession()).isFalse();
        assertThat(e.ephemeralSurvived()).isFalse();
        assertThat(e.othersSawDeletion()).isTrue();
    }

    @Test
    @DisplayName("With its only server killed, the client expires its own session 8 to 10.5 s after its last answer (4/3 of the timeout, checked at each reconnect attempt), while the server is still down")
    void clientExpiresItsOwnSession() {
        WatchesResult.Outage e = result.sessions().value().clientExpiry();
        assertThat(names(e)).containsExactly("Disconnected", "Expired");
        // ZOOKEEPER-4508 (3.9.3): 4/3 of 6 s; the client checks once per reconnect attempt, which comes
        // every 1 to 2 s (a 1 s spin delay plus a random pause under 1 s), so up to about 2 s late.
        assertThat(e.expiredAtMillis().orElseThrow()).isBetween(8000L, 10_500L).isLessThan(e.frozenMillis());
        assertThat(e.expiredBy()).isEqualTo("client");
        assertThat(e.othersSawDeletion()).isTrue();
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 2 exits 0")
    void asExpected() {
        assertThat(result.asExpected()).isTrue();
    }

    private static List<String> names(WatchesResult.Outage outage) {
        return outage.states().stream().map(WatchesResult.StateChange::state).toList();
    }

    @Test
    @DisplayName("The README shows a recorded run whose RESULT line has the shape this run's RESULT has")
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
