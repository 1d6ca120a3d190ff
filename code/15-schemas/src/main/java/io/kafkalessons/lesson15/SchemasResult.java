package io.kafkalessons.lesson15;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.Map;

/**
 * What lesson 15 showed.
 *
 * @param sizes      one payment encoded three ways
 * @param avro       the Avro records on the wire, and how often the consumer asked the registry
 * @param protobuf   the same for Protobuf
 * @param rules      rule -> change -> the registry's answer when asked to add that version
 * @param decoding   change -> whether Avro itself can read across it, each way
 * @param readers    old and new readers of one topic, under the FULL rule
 * @param noRegistry a producer changing its schema where nothing checks it
 * @param numbers    Protobuf's field numbers as the contract
 * @param outage     the registry killed and started again (only where the lesson started it)
 * @param journalRecords records in the registry's journal topic at the end
 */
public record SchemasResult(Sizes sizes, WireFormat avro, WireFormat protobuf, Map<String, Map<String, Verdict>> rules,
                            Map<String, Decoding> decoding, Readers readers, NoRegistry noRegistry, Numbers numbers,
                            Part<Outage> outage, long journalRecords) implements LessonResult {

    /** Bytes of one payment as Avro binary, Protobuf, and JSON text. */
    public record Sizes(int avro, int protobuf, int json) {
    }

    /**
     * One format through the registry's serdes.
     *
     * @param magicByte      the first byte of every value
     * @param idOnWire       the 4-byte number after it
     * @param contentId      the registry's content id of the schema the producer registered
     * @param globalId       the registry's global id of that version
     * @param payloadBytes   what follows the 5-byte header
     * @param read           records the consumer read back equal to those sent
     * @param schemaFetches  requests for a schema by content id the registry served while the consumer read them
     */
    public record WireFormat(List<Integer> firstBytes, int magicByte, long idOnWire, long contentId, long globalId,
                             int payloadBytes, int read, long schemaFetches) {
    }

    /** The registry's answer: an HTTP status, and its message when it refused. */
    public record Verdict(int status, String message) {
        public boolean accepted() {
            return status / 100 == 2;
        }
    }

    /** Avro's own schema resolution: can the new schema read old records, and the old schema new ones? */
    public record Decoding(boolean newReadsOld, boolean oldReadsNew) {
    }

    /**
     * One topic under FULL: a v1 and a v2 (a field added with a default) record, read by both readers.
     *
     * @param oldReaderSaw    what a reader with schema v1 made of each record
     * @param newReaderSaw    what a reader with schema v2 made of each record
     * @param refusedChange   the registry's answer when a producer tried a type change
     * @param confluentStatus the HTTP status of the same registration through the Confluent-compatible API
     * @param recordsInTopic  records in the topic afterwards (the refused one never got there)
     */
    public record Readers(List<String> oldReaderSaw, List<String> newReaderSaw, String refusedChange, int confluentStatus,
                          long recordsInTopic) {
        /** No reader failed on any record ("fails: ..." is what a failed read shows). */
        public boolean everyReadWorked() {
            return oldReaderSaw.stream().noneMatch(r -> r.startsWith("fails: "))
                    && newReaderSaw.stream().noneMatch(r -> r.startsWith("fails: "));
        }
    }

    /** Records of an unannounced type change, read by a consumer that still expects version 1. */
    public record NoRegistry(int written, int changedWritten, int read, int failed, String firstFailure) {
    }

    /**
     * @param renamedValue     field 2 read through the renamed field
     * @param reusedNumberRead what the message that gave number 3 to "country" read from an old record
     * @param unknownKept      a field the middle service did not know survived its re-serialising
     */
    public record Numbers(long renamedValue, String reusedNumberRead, boolean unknownKept) {
    }

    /**
     * @param unknownIdFailure  the one line a consumer gets for a record naming a schema id the registry lacks
     * @param downFailure       the one line a producer with a new schema gets while the registry is down
     * @param downFailMillis    how long that producer took to give up
     * @param recordsKept       records in the Avro topic while the registry was down (none lost)
     * @param sameIdsAfter      the restarted registry, reading its journal from Kafka, has the same ids
     * @param readAfterRestart  records a fresh consumer read after the restart
     */
    public record Outage(String unknownIdFailure, String downFailure, long downFailMillis, long recordsKept,
                         boolean sameIdsAfter, int readAfterRestart) {
    }

    @Override
    public String summary() {
        return "avro=" + sizes.avro() + "B protobuf=" + sizes.protobuf() + "B json=" + sizes.json() + "B"
                + " wire=magic" + avro.magicByte() + "+id" + avro.idOnWire() + " fetches=" + avro.schemaFetches()
                + " none=" + accepted(EvolutionStep.NONE).size() + " backward=" + accepted("BACKWARD")
                + " forward=" + accepted("FORWARD") + " full=" + accepted("FULL")
                + " noRegistryFailed=" + noRegistry.failed() + "/" + noRegistry.changedWritten()
                + outage.show(" outage", o -> "=kept" + o.recordsKept());
    }

    /** The changes a rule accepted, in the lesson's order. */
    public List<String> accepted(String rule) {
        return rules.get(rule).entrySet().stream().filter(e -> e.getValue().accepted()).map(Map.Entry::getKey).toList();
    }

    @Override
    public boolean asExpected() {
        boolean wire = avro.magicByte() == 0 && avro.idOnWire() == avro.contentId() && avro.schemaFetches() == 1
                && avro.read() == Payments.AVRO.size() && protobuf.magicByte() == 0 && protobuf.read() == Payments.AVRO.size();
        boolean ruled = rules.entrySet().stream().allMatch(rule -> rule.getValue().entrySet().stream()
                .allMatch(e -> e.getValue().accepted() == EvolutionStep.allows(rule.getKey(), decoding.get(e.getKey()))));
        boolean unchecked = noRegistry.failed() == noRegistry.changedWritten() && noRegistry.read() == noRegistry.written();
        boolean outageShown = outage.okIfRan(o -> o.sameIdsAfter() && o.readAfterRestart() == o.recordsKept());
        return wire && ruled && journalRecords > 0 && unchecked && numbers.unknownKept() && outageShown
                && readers.recordsInTopic() == 2 && readers.everyReadWorked()
                && accepted("FULL").equals(List.of(EvolutionStep.ADD_WITH_DEFAULT));
    }
}
