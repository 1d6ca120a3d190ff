package io.kafkalessons.lesson15;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Try this 1 of the README, with the protoc the build used: no cluster needed. */
class ReservedNumberTest {

    private static final Path PROTO = Path.of("src/main/proto/payment.proto");

    @Test
    @DisplayName("Try this 1: with reserved 3; added to PaymentReusedNumber, protoc refuses payment.proto because field 3"
            + " (country) still uses the number")
    void protocRefusesAReservedNumberInUse(@TempDir Path dir) throws Exception {
        String proto = Files.readString(PROTO);
        String opening = "message PaymentReusedNumber {\n";
        assertThat(proto).contains(opening);
        Files.writeString(dir.resolve("payment.proto"), proto.replace(opening, opening + "  reserved 3;\n"));
        Files.createDirectories(dir.resolve("out"));

        Process protoc = new ProcessBuilder(protoc().toString(), "-I", dir.toString(), "--java_out=" + dir.resolve("out"),
                dir.resolve("payment.proto").toString()).redirectErrorStream(true).start();
        String output = new String(protoc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(protoc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(protoc.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("Field \"country\" uses reserved number 3.");
    }

    /** The protoc executable the protobuf-maven-plugin fetched from Maven Central and ran for this module's build. */
    private static Path protoc() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("target", "protobuf-maven-plugin"))) {
            return files.filter(f -> f.getFileName().toString().matches("protoc-.*\\.exe") && Files.isExecutable(f)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no protoc under target/protobuf-maven-plugin: build the module first"));
        }
    }
}
