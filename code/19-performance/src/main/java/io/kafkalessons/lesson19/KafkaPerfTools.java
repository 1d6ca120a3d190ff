package io.kafkalessons.lesson19;

import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own benchmarks, {@code ProducerPerformance} and {@code ConsumerPerformance} (the classes
 * behind {@code kafka-producer-perf-test.sh} and {@code kafka-consumer-perf-test.sh}), run in this
 * JVM on the same workloads and client settings as ours; their printed totals are read back.
 */
final class KafkaPerfTools {

    private static final String NUMBER = "([\\d.,]+)";
    private static final Pattern PRODUCER_TOTAL = Pattern.compile("\\d+[^\\n]*? records sent, " + NUMBER + " records/sec \\("
            + NUMBER + " MB/sec\\), [^\\n]*? (\\d+) ms 50th, \\d+ ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

    private final String bootstrapServers;

    KafkaPerfTools(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** kafka-producer-perf-test on {@code w}, writing to {@code topic}, with {@code settings} as its --command-config. */
    Throughput producer(Workload w, String topic, Properties settings) {
        String output = run(settings, file -> {
            ProducerPerformance.main(new String[] {"--bootstrap-server", bootstrapServers, "--topic", topic,
                "--num-records", Integer.toString(w.records()), "--record-size", Integer.toString(w.recordSize()),
                "--throughput", Integer.toString(w.recordsPerSecond() > 0 ? w.recordsPerSecond() : -1),
                "--command-config", file.toString()});
        });
        Matcher total = PRODUCER_TOTAL.matcher(output);
        if (!total.find()) {
            throw new IllegalStateException("kafka-producer-perf-test printed no total: " + output.strip());
        }
        return new Throughput(w.records(), number(total.group(1)), number(total.group(2)),
                new Throughput.Latency(number(total.group(3)), number(total.group(4)), number(total.group(5))));
    }

    /** kafka-consumer-perf-test reading {@code records} of {@code topic}: its fetch.nMsg.sec (records/s while fetching). */
    double consumer(String topic, long records, Properties settings) {
        String output = run(settings, file -> ConsumerPerformance.main(new String[] {"--bootstrap-server", bootstrapServers,
            "--topic", topic, "--num-records", Long.toString(records), "--timeout", "60000", "--command-config", file.toString()}));
        List<String> rows = output.lines().filter(l -> l.split(", ").length == 10 && !l.startsWith("start.time")).toList();
        if (rows.isEmpty()) {
            throw new IllegalStateException("kafka-consumer-perf-test printed no result: " + output.strip());
        }
        String[] fields = rows.get(rows.size() - 1).split(", ");
        return number(fields[9]);
    }

    /** %f follows the default locale: accept a decimal comma too. */
    private static double number(String printed) {
        String s = printed.trim();
        return Double.parseDouble(s.indexOf('.') < 0 ? s.replace(',', '.') : s.replace(",", ""));
    }

    @FunctionalInterface
    private interface Tool {
        void run(Path commandConfig) throws Exception;
    }

    /**
     * Runs a tool with its standard output captured; a tool that would end the JVM (a bad argument)
     * throws instead.
     */
    private static synchronized String run(Properties settings, Tool tool) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Path file = null;
        try {
            file = Files.createTempFile("lesson19-", ".properties");
            Properties text = new Properties();
            settings.forEach((k, v) -> text.setProperty(k.toString(), v instanceof Class<?> c ? c.getName() : v.toString()));
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                text.store(w, "lesson 19: the client settings of this workload");
            }
            Exit.setExitProcedure((code, message) -> {
                throw new IllegalStateException("the tool wanted to exit with code " + code + ": " + message);
            });
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            tool.run(file);
            return captured.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            System.setOut(original);
            Exit.resetExitProcedure();
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind
            }
        }
    }
}
