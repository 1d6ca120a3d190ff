package io.kafkalessons.lesson15;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kafkalessons.lesson15.SchemasResult.Numbers;
import io.kafkalessons.lesson15.proto.Payment;
import io.kafkalessons.lesson15.proto.PaymentRenamed;
import io.kafkalessons.lesson15.proto.PaymentReusedNumber;
import io.kafkalessons.lesson15.proto.PaymentWithNote;
import io.kafkalessons.sandbox.lesson.Narrator;

/**
 * Protobuf puts field numbers on the wire, never names: renaming a field changes nothing, giving a
 * deleted field's number to a new one makes old records say something they never said, and a
 * reader that does not know a field keeps its bytes and writes them out again.
 */
final class ProtobufNumbersStep {

    private final Narrator narrator;

    ProtobufNumbersStep(Narrator narrator) {
        this.narrator = narrator;
    }

    Numbers run() throws InvalidProtocolBufferException {
        narrator.step("Protobuf: the field numbers are the contract (src/main/proto/payment.proto)");
        Payment v1 = Payments.protobuf(Payments.AVRO.get(0));
        byte[] bytes = v1.toByteArray();
        narrator.say("protobuf", "Payment{id=1, amount_cents=2, currency=3} as bytes: %s", Payments.hex(bytes));

        PaymentRenamed renamed = PaymentRenamed.parseFrom(bytes);
        narrator.say("protobuf", "read as PaymentRenamed (field 2 now \"amount_in_cents\"): amount_in_cents=%d",
                renamed.getAmountInCents());

        PaymentReusedNumber reused = PaymentReusedNumber.parseFrom(bytes);
        narrator.say("protobuf", "read as PaymentReusedNumber (currency deleted, 3 given to \"country\"): country=\"%s\"",
                reused.getCountry());

        PaymentWithNote withNote = PaymentWithNote.newBuilder().setId("pay-4").setAmountCents(700).setCurrency("EUR")
                .setNote("refund of pay-1").build();
        Payment middle = Payment.parseFrom(withNote.toByteArray());
        Payment forwarded = middle.toBuilder().setAmountCents(middle.getAmountCents() + 1).build();
        PaymentWithNote atTheEnd = PaymentWithNote.parseFrom(forwarded.toByteArray());
        narrator.say("protobuf", "a version-1 service reads a version-2 payment (note=\"%s\"), changes its amount and passes",
                withNote.getNote());
        narrator.say("protobuf", "  it on; it saw %d unknown field(s); the next reader finds note=\"%s\", amount_cents=%d",
                middle.getUnknownFields().asMap().size(), atTheEnd.getNote(), atTheEnd.getAmountCents());
        narrator.notice("a rename is invisible on the wire; a reused number is silent corruption (mark a deleted field's");
        narrator.notice("number \"reserved\" so protoc refuses it); and old code carries new fields through untouched.");
        return new Numbers(renamed.getAmountInCents(), reused.getCountry(),
                atTheEnd.getNote().equals(withNote.getNote()) && atTheEnd.getAmountCents() == 701);
    }
}
