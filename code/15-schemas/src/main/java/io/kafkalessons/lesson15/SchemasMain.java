package io.kafkalessons.lesson15;

import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.SchemaRegistry;
import io.kafkalessons.sandbox.lesson.LessonContext;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.sandbox.lesson.LessonInfo;
import io.kafkalessons.sandbox.lesson.LessonLauncher;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Needs;
import io.kafkalessons.sandbox.lesson.UsageException;

import java.util.Map;

/**
 * Lesson 15 from the command line: {@code ./lessons 15}, or {@code ./lessons 15 --bootstrap-server host:9092}.
 * Either way it starts a schema registry (Apicurio Registry, on Java 21 or newer) that keeps its
 * schemas in that Kafka cluster, and stops it at the end; the schemas stay in the cluster's
 * kafkasql-journal topic.
 */
public final class SchemasMain implements LessonEntry {

    static final LessonInfo INFO = new LessonInfo(15, "schemas",
            "Schemas: Avro and Protobuf on the wire, evolution rules, a real schema registry",
            // One broker is enough: the lesson is about the bytes in the records, not about replication.
            Needs.kafka(1), 36);

    @Override
    public LessonInfo info() {
        return INFO;
    }

    @Override
    public Map<Integer, String> tries() {
        return Map.of(2, "step 6 runs under the rule " + ReadersStep.TRY_RULE + ", and its version 2 removes currency instead of"
                + " adding note (" + ReadersStep.TRY_CHANGE + ")");
    }

    @Override
    public SchemasResult run(LessonContext context) throws Exception {
        if (!context.clientConfig().isEmpty()) {
            throw new UsageException("lesson 15 starts its schema registry on a plaintext listener; "
                    + "--command-config (TLS, SASL) is not supported by this lesson");
        }
        String bootstrap = context.requireBootstrapServers();
        try (SchemaRegistry registry = startRegistry(bootstrap, context.narrator())) {
            return new SchemasLesson(bootstrap, registry.url(), registry.managementUrl(), Faults.of(registry),
                    context.narrator(), context.tryThis() == 2).run();
        }
    }

    /** Starts Apicurio Registry on {@code bootstrap}, saying what it does; the caller closes it. */
    public static SchemaRegistry startRegistry(String bootstrap, Narrator narrator) {
        narrator.sandbox("starting a schema registry (Apicurio Registry) that keeps its schemas in Kafka ...");
        SchemaRegistry registry = SchemaRegistry.start(bootstrap, INFO.folder() + "-registry");
        narrator.sandbox("Apicurio Registry %s ready in %.1f s at %s on %s (log: %s)", registry.version(),
                registry.startMillis() / 1000.0, registry.url(), registry.javaVersion(), registry.logFolder());
        narrator.line("");
        return registry;
    }

    public static void main(String[] args) {
        LessonLauncher.main(new SchemasMain(), args);
    }
}
