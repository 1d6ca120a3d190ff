package io.kafkalessons.lesson01;

import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ZnodesLessonTest {

    private static ZooKeeperEnsemble zk;
    private static ZnodesResult result;

    @BeforeAll
    static void runLessonOnAThreeServerEnsemble() throws Exception {
        zk = ZooKeeperEnsemble.builder().servers(3).name("lesson-01-test").start();
        result = new ZnodesLesson(zk.connectString(), Narrator.silent()).run();
    }

    @AfterAll
    static void stopEnsemble() {
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    @DisplayName("Every successful setData bumps the znode's data version: 0 after create, 1 after one update")
    void versionBumps() {
        assertThat(result.versionAfterUpdate()).isEqualTo(1);
    }

    @Test
    @DisplayName("A setData that names a stale version is refused (BadVersion) and the data is unchanged")
    void staleVersionRejected() {
        assertThat(result.staleUpdateRejected()).isTrue();
        assertThat(result.dataAfterStaleUpdate()).isEqualTo("color=green");
    }

    @Test
    @DisplayName("Sequential znodes get the parent's counter appended, ten digits, in creation order")
    void sequentialNames() {
        assertThat(result.sequentialNames()).containsExactly("job-0000000000", "job-0000000001", "job-0000000002");
    }

    @Test
    @DisplayName("An ephemeral znode is visible to other sessions and owned by the session that created it")
    void ephemeralVisibleWhileSessionOpen() {
        assertThat(result.workersWhileOpen()).containsExactly(ZnodesLesson.WORKER);
        assertThat(result.ephemeralOwnedBySession()).isTrue();
    }

    @Test
    @DisplayName("An ephemeral znode cannot have children")
    void ephemeralHasNoChildren() {
        assertThat(result.childOfEphemeralRejected()).isTrue();
    }

    @Test
    @DisplayName("An ephemeral znode vanishes when its session closes, without anyone deleting it")
    void ephemeralGoneAfterClose() {
        assertThat(result.workersAfterClose()).isEmpty();
    }

    @Test
    @DisplayName("getChildren lists the znodes directly under a path")
    void childrenListed() {
        assertThat(result.children()).isEqualTo(List.of("config", "queue", "workers"));
    }

    @Test
    @DisplayName("A digest-ACL znode: a session without the password and one with a wrong password get NOAUTH; the owner reads it")
    void digestAclKeepsStrangersOut() {
        ZnodeAclStep.Observation acl = result.acl();
        assertThat(acl.strangerSeesName()).isTrue();
        assertThat(acl.stranger()).isEqualTo("NOAUTH");
        assertThat(acl.wrongPassword()).isEqualTo("NOAUTH");
        assertThat(acl.owner()).isEqualTo("\"" + ZnodeAclStep.SECRET_DATA + "\"");
        // The ACL names the digest identity "kafka:<base64 SHA-1 of kafka:password>" with all five rights (31).
        assertThat(acl.aclShown()).matches("digest:kafka:[A-Za-z0-9+/]{27}= perms=31");
    }

    @Test
    @DisplayName("The README shows the RESULT line this run produced")
    void readmeShowsThisResult() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        assertThat(readme).contains("RESULT " + result.summary());
    }

    @Test
    @DisplayName("Try this 1 and 2: the lesson runs again on the same ensemble with the same numbers, sequential names from"
            + " job-0000000000 again (it recreates the parent); then the README's zookeeper-shell get -s shows dataVersion = 1")
    void rerunnable() throws Exception {
        ZnodesResult again = new ZnodesLesson(zk.connectString(), Narrator.silent()).run();
        // Everything but the ACL's password hash: each run makes a new password.
        assertThat(again).usingRecursiveComparison().ignoringFields("acl.aclShown").isEqualTo(result);
        assertThat(again.asExpected()).isTrue();
        assertThat(again.sequentialNames()).first().isEqualTo("job-0000000000");

        String oneServer = zk.connectString().split(",")[0];
        CapturedTool shell = CapturedTool.run(TryThis.command(2, "zookeeper-shell", Map.of("127.0.0.1:2181", oneServer)));
        assertThat(shell.exitCodes()).as(shell.err()).containsExactly(0);
        assertThat(shell.out().lines()).contains(ZnodesLesson.UPDATED_CONFIG, "dataVersion = 1");
    }

    @Test
    @DisplayName("Try this 3 (--try 3): with version -1 the slow writer's stale write goes through, overwriting the newer"
            + " value, and the lesson no longer shows what it claims (exit 1)")
    void tryAnyVersionLosesTheUpdate() throws Exception {
        ZnodesResult anyVersion = new ZnodesLesson(zk.connectString(), Narrator.silent(), true).run();
        assertThat(anyVersion.staleUpdateRejected()).isFalse();
        assertThat(anyVersion.dataAfterStaleUpdate()).isEqualTo(ZnodesLesson.STALE_CONFIG);
        assertThat(anyVersion.asExpected()).isFalse();
    }

    @Test
    @DisplayName("The README shows a recorded run whose RESULT line has the shape this run's RESULT has")
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
