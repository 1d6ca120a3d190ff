package io.kafkalessons.lesson07;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What lesson 7 observed.
 *
 * @param speed                  part 1: one row per acks setting, on a healthy cluster
 * @param loss                   part 2: one row per acks setting when the leader crashes while its
 *                               followers lag; empty when run against a cluster the lesson cannot kill nodes in
 * @param callbacks              part 3: what the callbacks reported for writes that cannot succeed
 * @param idempotence            part 3: what acks=1 does to idempotence, asked for or not
 */
public record ProducerAcksResult(List<SpeedRow> speed, Part<List<LossRow>> loss, List<CallbackRow> callbacks,
                                 Idempotence idempotence) implements LessonResult {

    /**
     * @param onWithAcksOneAlone   enable.idempotence as the client resolved it for acks=1 without the setting
     * @param refusedWithAcksOne   acks=1 with enable.idempotence=true was refused at creation
     */
    public record Idempotence(boolean onWithAcksOneAlone, boolean refusedWithAcksOne) {
    }

    /** What the callbacks of one failing scenario reported, and how long the failure took to arrive. */
    public record CallbackRow(String scenario, int sent, int failed, int acknowledged, String error, long millis) {
    }

    /** Latency and throughput of one acks setting. */
    public record SpeedRow(String acks, int sent, int acknowledged, long p50Micros, long p99Micros, long recordsPerSecond) {
    }

    /** Counts of one acks setting when the leader is killed while its followers lag. */
    public record LossRow(String acks, int sent, int acknowledged, int readable) {

        /** Records the producer was told were written, that nobody can read. */
        public int lost() {
            return acknowledged - Math.min(acknowledged, readable);
        }
    }

    public LossRow loss(String acks) {
        return loss.value().stream().filter(r -> r.acks().equals(acks)).findFirst().orElseThrow();
    }

    @Override
    public String summary() {
        String lossPart = !loss.ran() ? "loss=skipped" : loss.value().stream()
                .map(r -> "acks=" + r.acks() + ":acked=" + r.acknowledged() + ",readable=" + r.readable() + ",lost=" + r.lost())
                .collect(Collectors.joining(" "));
        String callbackPart = callbacks.stream().map(c -> c.error() + "=" + c.failed() + "/" + c.sent())
                .collect(Collectors.joining(","));
        return lossPart + " callbacks=" + callbackPart + " idempotence:acks1Alone=" + (idempotence.onWithAcksOneAlone() ? "on" : "off")
                + ",acks1WithTrue=" + (idempotence.refusedWithAcksOne() ? "refused" : "accepted");
    }

    @Override
    public boolean asExpected() {
        boolean speedOk = speed.stream().allMatch(r -> r.acknowledged() == r.sent());
        boolean lossOk = !loss.ran() || (loss("0").lost() == loss("0").sent()
                && loss("1").lost() == loss("1").sent()
                && loss("all").acknowledged() == loss("all").sent() && loss("all").lost() == 0);
        boolean callbacksOk = !callbacks.isEmpty()
                && callbacks.stream().allMatch(c -> c.failed() == c.sent() && c.acknowledged() == 0);
        return speedOk && lossOk && callbacksOk && !idempotence.onWithAcksOneAlone() && idempotence.refusedWithAcksOne();
    }
}
