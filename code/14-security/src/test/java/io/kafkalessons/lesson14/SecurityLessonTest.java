package io.kafkalessons.lesson14;

import io.kafkalessons.lesson06.KeysAndPartitionsMain;
import io.kafkalessons.lesson14.SecurityResult.Acls;
import io.kafkalessons.lesson14.SecurityResult.ListenerSet;
import io.kafkalessons.lesson14.SecurityResult.Wire;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityLessonTest {

    private static KafkaCluster kafka;
    private static SecurityResult result;

    @BeforeAll
    static void runLessonOnTheSecuredSandbox() throws Exception {
        kafka = SecurityMain.INFO.needs().kafkaSetup().apply(KafkaCluster.builder().brokers(2).name("lesson-14-test")).start();
        result = new SecurityLesson(kafka.bootstrapServers(), kafka.clientConfig(), Optional.of(kafka.brokerLogs()),
                Narrator.silent()).run();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Try this 1: the README's kafka-topics --list, given the sandbox's command-config file, lists the lesson's topics"
            + " over the secured listener")
    void tryListingTopicsWithTheSandboxsClientSettings() {
        CapturedTool listed = CapturedTool.run(TryThis.command(1, "kafka-topics", Map.of("<SSL listener>", kafka.bootstrapServers(),
                "<file>", kafka.clientConfigFile().orElseThrow().toString())));
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out().lines()).contains(AclStep.TOPIC, WireStep.TOPIC);
    }

    @Test
    @DisplayName("Step 1: each of the 2 brokers has PLAINTEXT, SSL and SASL_SSL listeners; brokers and controllers talk over SSL")
    void listeners() {
        ListenerSet set = result.listeners();
        assertThat(set.listeners()).hasSize(6);
        assertThat(set.protocols()).containsExactly("PLAINTEXT", "SSL", "SASL_SSL");
        assertThat(set.interBrokerProtocol()).isEqualTo("SSL");
        assertThat(set.controllerProtocol()).isEqualTo("SSL");
        assertThat(set.authorizer()).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    }

    @Test
    @DisplayName("Try this 3 (--try 3): a SCRAM user with 20000 iterations is refused by the Admin call, since Kafka takes at"
            + " most 16384, and the lesson stops there")
    void tryTooManyIterationsIsRefused() {
        assertThatThrownBy(() -> new SecurityLesson(kafka.bootstrapServers(), kafka.clientConfig(), Optional.of(kafka.brokerLogs()),
                Narrator.silent(), ScramUserStep.TOO_MANY_ITERATIONS).run())
                .hasRootCauseInstanceOf(UnacceptableCredentialException.class)
                .rootCause().hasMessage("Too many iterations");
        assertThat(org.apache.kafka.common.security.scram.internals.ScramMechanism.SCRAM_SHA_512.maxIterations()).isEqualTo(16384);
    }

    @Test
    @DisplayName("Step 2: the SCRAM user is described as SCRAM-SHA-512 with 8192 iterations, and every broker accepts it")
    void scramUser() {
        assertThat(result.user().value().name()).isEqualTo("alice");
        assertThat(result.user().value().mechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(result.user().value().iterations()).isEqualTo(ScramUserStep.ITERATIONS);
        // Within the lesson's 15 s wait for the metadata log to bring the user to every broker.
        assertThat(result.user().value().usableAfterMillis()).isBetween(0L, 15_000L);
    }

    @Test
    @DisplayName("Step 3: the value is in the bytes on the wire over PLAINTEXT, and nowhere in them over TLS")
    void wire() {
        Wire wire = result.wire().value();
        assertThat(wire.plaintext().valueSeen()).isTrue();
        assertThat(wire.plaintext().excerpt()).contains(WireStep.VALUE);
        assertThat(wire.tls().valueSeen()).isFalse();
        // The relay did carry the TLS conversation: it opens with a handshake record (content type 22).
        assertThat(wire.tls().firstByte()).isEqualTo(0x16);
        assertThat(wire.tls().bytes()).isGreaterThan(wire.plaintext().bytes());
    }

    @Test
    @DisplayName("Step 4: a client that does not trust the CA gets SslAuthenticationException; a wrong password SaslAuthenticationException")
    void rejections() {
        assertThat(result.rejections().value().untrustedError()).isEqualTo("SslAuthenticationException");
        assertThat(result.rejections().value().wrongPasswordError()).isEqualTo("SaslAuthenticationException");
    }

    @Test
    @DisplayName("Step 5: denied without an ACL, allowed with one (3 written, 3 read), the group denied until allowed, denied again once deleted")
    void acls() {
        Acls acls = result.acls().value();
        assertThat(acls.withoutAcl()).startsWith("TopicAuthorizationException");
        assertThat(acls.written()).isEqualTo(SecurityLesson.RECORDS);
        assertThat(acls.groupDenied()).startsWith("GroupAuthorizationException");
        assertThat(acls.read()).isEqualTo(SecurityLesson.RECORDS);
        assertThat(acls.afterRemoval()).startsWith("TopicAuthorizationException");
    }

    @Test
    @DisplayName("Step 5: the broker's authorizer names the principal it denied: User:alice, on the topic")
    void principalTheBrokerSaw() {
        assertThat(result.acls().value().principalSeen().value())
                .startsWith("Principal = User:alice is Denied")
                .contains("Topic:LITERAL:" + AclStep.TOPIC);
    }

    @Test
    @DisplayName("Lesson 6 runs on the secured cluster with --command-config, as a learner would run it")
    void anEarlierLessonRunsWithCommandConfig() {
        Path config = kafka.clientConfigFile().orElseThrow();
        Run run = launch("--bootstrap-server", kafka.bootstrapServers(), "--command-config", config.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(LessonLauncher.OK);
        assertThat(run.out()).contains("RESULT keyed=3000 keys=50");
    }

    @Test
    @DisplayName("A wrong password in the command-config file: one line naming SaslAuthenticationException, exit 1")
    void wrongPasswordInCommandConfig(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path config = dir.resolve("wrong.properties");
        String truststore = kafka.clientConfig().getProperty("ssl.truststore.location");
        Files.writeString(config, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"nobody\" password=\"x\";\n"
                + "ssl.truststore.location=" + truststore + "\nssl.truststore.password="
                + kafka.clientConfig().getProperty("ssl.truststore.password") + "\n");
        Run run = launch("--bootstrap-server", kafka.bootstrapServers("SASL_SSL"), "--command-config", config.toString());
        assertThat(run.exit()).isEqualTo(LessonLauncher.FAILED);
        assertThat(run.err().strip()).hasLineCount(1).contains("refused the client: SaslAuthenticationException");
    }

    @Test
    @DisplayName("A keystore that is not there: one line naming the file, exit 2")
    void missingKeystore(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path config = dir.resolve("missing.properties");
        Files.writeString(config, "security.protocol=SSL\nssl.keystore.location=" + dir.resolve("nothing.p12")
                + "\nssl.keystore.password=x\n");
        Run run = launch("--bootstrap-server", kafka.bootstrapServers(), "--command-config", config.toString());
        assertThat(run.exit()).isEqualTo(LessonLauncher.USAGE);
        assertThat(run.err().strip()).hasLineCount(1).contains("ssl.keystore.location").contains("nothing.p12 does not exist");
    }

    @Test
    @DisplayName("A plaintext client at a TLS port: one line at once, saying the listener expects TLS and pointing at --command-config")
    void plaintextClientAtTlsPort() {
        long start = System.nanoTime();
        Run run = launch("--bootstrap-server", kafka.bootstrapServers());
        assertThat(run.exit()).isEqualTo(LessonLauncher.FAILED);
        assertThat(run.err().strip()).hasLineCount(1).contains("expects TLS").contains("--command-config FILE");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
    }

    @Test
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run launch(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LessonLauncher.launch(new KeysAndPartitionsMain(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
