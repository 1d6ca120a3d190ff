package io.kafkalessons.lesson19;

/**
 * What one producer run measured, in the units Kafka's kafka-producer-perf-test prints.
 *
 * @param records          records acknowledged
 * @param recordsPerSecond records over the time from the first send to the last acknowledgement
 * @param megabytesPerSecond the same in MiB of values per second
 * @param latency          send-to-acknowledgement percentiles
 */
public record Throughput(long records, double recordsPerSecond, double megabytesPerSecond, Latency latency) {

    /**
     * Percentiles in milliseconds.
     *
     * @param p50  half of the records took at most this long
     * @param p99  99 in 100 did
     * @param p999 999 in 1000 did
     */
    public record Latency(double p50, double p99, double p999) {

        /** Percentiles of {@code micros} (sorted in place). */
        static Latency ofMicros(long[] micros) {
            java.util.Arrays.sort(micros);
            return new Latency(at(micros, 0.50), at(micros, 0.99), at(micros, 0.999));
        }

        private static double at(long[] sorted, double quantile) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1000.0;
        }
    }
}
