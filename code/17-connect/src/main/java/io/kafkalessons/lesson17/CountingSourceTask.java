package io.kafkalessons.lesson17;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the numbers from where the stored offset says up to {@code count - 1}, then idles. The
 * source partition names what is read (one counter); the source offset is the next number to read;
 * the key names this run of the task (a new one after every start).
 */
public final class CountingSourceTask extends SourceTask {

    /** The source partition: which sequence a record came from. */
    static final Map<String, String> PARTITION = Map.of("counter", "numbers");
    /** The key of the source offset: the next number this task would read. */
    static final String NEXT = "next";

    private String topic;
    private int count;
    private int perPoll;
    private int pauseMs;
    private long next;
    private String run;

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(CountingSourceConnector.CONFIG, props);
        topic = config.getString(CountingSourceConnector.TOPIC);
        count = config.getInt(CountingSourceConnector.COUNT);
        perPoll = config.getInt(CountingSourceConnector.PER_POLL);
        pauseMs = config.getInt(CountingSourceConnector.POLL_PAUSE_MS);
        // tag::resume[]
        // Where did the last run of this task get to? The worker kept it: null the first time.
        Map<String, Object> stored = context.offsetStorageReader().offset(PARTITION);
        next = stored == null ? 0 : ((Number) stored.get(NEXT)).longValue();
        // end::resume[]
        // Each record's key says which run of the task wrote it, so a reader can tell runs apart.
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Thread.sleep(pauseMs);
        List<SourceRecord> records = new ArrayList<>();
        // tag::poll[]
        while (next < count && records.size() < perPoll) {
            Map<String, Long> offset = Map.of(NEXT, next + 1);
            records.add(new SourceRecord(PARTITION, offset, topic, null, Schema.STRING_SCHEMA, run,
                    Schema.STRING_SCHEMA, Long.toString(next)));
            next++;
        }
        // end::poll[]
        return records.isEmpty() ? null : records;
    }

    @Override
    public void stop() {
        // poll() holds nothing open, so there is nothing to release
    }

    @Override
    public String version() {
        return "1.0";
    }
}
