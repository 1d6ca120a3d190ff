package io.kafkalessons.lesson15;

import io.kafkalessons.lesson15.SchemasResult.Decoding;
import io.kafkalessons.lesson15.SchemasResult.Verdict;
import io.kafkalessons.lesson15.avro.Payment;
import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Four changes to the payment schema, each asked of the registry under three compatibility rules,
 * and each tried with Avro's own decoder both ways: the registry's answer is the decoder's, checked
 * before any record is written.
 */
final class EvolutionStep {

    static final String ADD_WITH_DEFAULT = "add-field-with-default";
    static final String CHANGE_TYPE = "change-field-type";
    /** The changes, as schemas in src/main/resources/.../evolution/. */
    static final List<String> CHANGES = List.of(ADD_WITH_DEFAULT, "add-field-without-default",
            "remove-field-without-default", CHANGE_TYPE);
    /** NONE: no rule set on the artifact, Apicurio's default (Confluent's default is BACKWARD). */
    static final String NONE = "NONE";
    static final List<String> RULES = List.of(NONE, "BACKWARD", "FORWARD", "FULL");

    private final Lab lab;
    private final Narrator narrator;

    EvolutionStep(Lab lab) {
        this.lab = lab;
        this.narrator = lab.narrator();
    }

    /** What a rule demands of a change: BACKWARD, new readers read old data; FORWARD, old readers new data; FULL, both. */
    static boolean allows(String rule, Decoding d) {
        return switch (rule) {
            case NONE -> true;
            case "BACKWARD" -> d.newReadsOld();
            case "FORWARD" -> d.oldReadsNew();
            case "FULL" -> d.newReadsOld() && d.oldReadsNew();
            default -> throw new IllegalArgumentException(rule);
        };
    }

    /** Avro's schema resolution, each change both ways, on a record in memory. */
    Map<String, Decoding> decoding() {
        narrator.step("what Avro itself can read across each change");
        Schema v1 = Payment.getClassSchema();
        Map<String, Decoding> decoding = new LinkedHashMap<>();
        for (String change : CHANGES) {
            Schema v2 = Payments.evolved(change);
            Payment p = Payments.AVRO.get(0);
            boolean newReadsOld = readable(Payments.encode(Payments.record(v1, p)), v1, v2);
            boolean oldReadsNew = readable(Payments.encode(Payments.record(v2, p)), v2, v1);
            decoding.put(change, new Decoding(newReadsOld, oldReadsNew));
            narrator.say("avro", "%-29s new schema reads old records: %-3s  old schema reads new records: %s", change,
                    yes(newReadsOld), yes(oldReadsNew));
        }
        narrator.notice("a reader resolves the writer's schema against its own: it skips fields it does not know and fills");
        narrator.notice("missing ones from their default; no default, or a type it cannot convert, and the read fails.");
        return decoding;
    }

    /** Each change asked of the registry under each rule, on an artifact that holds version 1 only. */
    Map<String, Map<String, Verdict>> rules() throws IOException, InterruptedException {
        narrator.step("ask the registry for each change under each compatibility rule");
        Map<String, Map<String, Verdict>> table = new LinkedHashMap<>();
        String firstRefusal = null;
        for (String rule : RULES) {
            Map<String, Verdict> row = new LinkedHashMap<>();
            for (String change : CHANGES) {
                String artifact = "lesson15-" + rule.toLowerCase(Locale.ROOT) + "-" + change;
                lab.registry().deleteArtifact(artifact);
                lab.registry().createArtifact(artifact, "AVRO", Payment.getClassSchema().toString());
                if (!rule.equals(NONE)) {
                    lab.registry().setCompatibility(artifact, rule);
                }
                Verdict answer = lab.registry().addVersion(artifact, Payments.evolved(change).toString());
                Verdict removed = lab.registry().deleteArtifact(artifact);
                if (!removed.accepted()) {
                    throw new IllegalStateException("the registry kept " + artifact + ": HTTP " + removed.status() + " "
                            + removed.message());
                }
                row.put(change, answer);
                if (!answer.accepted() && firstRefusal == null) {
                    firstRefusal = rule + ", " + change + ": HTTP " + answer.status() + " " + answer.message();
                }
            }
            table.put(rule, row);
        }
        narrator.say("registry", "%-29s %s", "change to version 1", row(RULES));
        for (String change : CHANGES) {
            narrator.say("registry", "%-29s %s", change, row(RULES.stream().map(r -> shown(table.get(r).get(change))).toList()));
        }
        narrator.say("registry", "one refusal in full: %s", firstRefusal);
        narrator.notice("with no rule the registry stores anything. Each refusal is the decoder's verdict above, given");
        narrator.notice("before a single record was written: BACKWARD lets consumers upgrade first, FORWARD producers,");
        narrator.notice("FULL either. Only adding a field with a default passes all three.");
        return table;
    }

    private static boolean readable(byte[] bytes, Schema writer, Schema reader) {
        try {
            Payments.decode(bytes, 0, writer, reader);
            return true;
        } catch (IOException | AvroRuntimeException e) {
            return false;
        }
    }

    private static String row(List<String> cells) {
        return cells.stream().map(c -> String.format("%-10s", c)).collect(java.util.stream.Collectors.joining(" ")).strip();
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String shown(Verdict v) {
        return v.status() + (v.accepted() ? " ok" : " no");
    }
}
