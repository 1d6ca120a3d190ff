package io.kafkalessons.watches;

import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WatchesLessonTest {

    private static ZooKeeperEnsemble zk;
    private static WatchesResult result;

    @BeforeAll
    static void runLessonOnThreeServers() throws Exception {
        zk = ZooKeeperEnsemble.builder().servers(3).name("lesson-02-test").start();
        result = new WatchesLesson(zk.connectString(), Optional.of(zk), Narrator.silent()).run();
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
        WatchesResult.Outage d = result.disconnect();
        assertThat(d.states()).isEqualTo(List.of("Disconnected", "SyncConnected"));
        assertThat(d.sameSession()).isTrue();
        assertThat(d.ephemeralSurvived()).isTrue();
        assertThat(d.othersSawDeletion()).isFalse();
    }

    @Test
    @DisplayName("An outage longer than the session timeout: Disconnected, then Expired; the ephemeral znode is deleted for everyone")
    void expiryIsFinal() {
        WatchesResult.Outage e = result.expiry();
        assertThat(e.frozenMillis()).isGreaterThan(WatchesLesson.SESSION_TIMEOUT_MS);
        assertThat(e.states()).isEqualTo(List.of("Disconnected", "Expired"));
        assertThat(e.sameSession()).isFalse();
        assertThat(e.ephemeralSurvived()).isFalse();
        assertThat(e.othersSawDeletion()).isTrue();
    }

    @Test
    @DisplayName("The run shows everything the lesson claims, so ./lessons 2 exits 0")
    void asExpected() {
        assertThat(result.asExpected()).isTrue();
    }
}
