package io.kafkalessons.lesson05;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reading a partition's folder on a broker's disk: its files, its active segment, its raw bytes. */
final class PartitionFiles {

    private PartitionFiles() {
    }

    /** File names in the folder, sorted. */
    static List<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The segment being written to: the {@code .log} file with the highest base offset. */
    static Path activeLog(Path folder) throws IOException {
        List<String> logs = list(folder).stream().filter(f -> f.endsWith(".log")).toList();
        return folder.resolve(logs.get(logs.size() - 1));
    }

    /** Every record's value appears, byte for byte, in the file (the lesson sends uncompressed text). */
    static boolean logHoldsValues(Path logFile, List<ConsumerRecord<String, String>> records) throws IOException {
        String bytes = new String(Files.readAllBytes(logFile), StandardCharsets.ISO_8859_1);
        return records.stream().allMatch(r -> bytes.contains(r.value()));
    }
}
