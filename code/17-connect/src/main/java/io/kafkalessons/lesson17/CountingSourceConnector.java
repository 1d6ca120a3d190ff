package io.kafkalessons.lesson17;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * The lesson's own source connector: it "reads" the numbers 0 to {@code count - 1} from an imaginary
 * system and writes each as a record, a few per poll. Small on purpose, so that what every source
 * connector does is in plain view: the connector only splits the work into task configs; the task
 * ({@link CountingSourceTask}) produces records, each with the position it came from (its source
 * offset), and the worker stores those positions for it.
 */
public final class CountingSourceConnector extends SourceConnector {

    static final String TOPIC = "topic";
    static final String COUNT = "count";
    static final String PER_POLL = "records.per.poll";
    static final String POLL_PAUSE_MS = "poll.pause.ms";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(TOPIC, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "The topic the numbers are written to.")
            .define(COUNT, ConfigDef.Type.INT, 1000, ConfigDef.Range.atLeast(1), ConfigDef.Importance.HIGH,
                    "How many numbers there are: 0 to count - 1.")
            .define(PER_POLL, ConfigDef.Type.INT, 20, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
                    "Records returned by one poll().")
            .define(POLL_PAUSE_MS, ConfigDef.Type.INT, 25, ConfigDef.Range.atLeast(0), ConfigDef.Importance.LOW,
                    "How long poll() waits before it returns, as a real source waits for new data.");

    private Map<String, String> settings;

    @Override
    public void start(Map<String, String> props) {
        // Fails here, with the field named, when a setting is missing or bad.
        CONFIG.parse(props);
        settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CountingSourceTask.class;
    }

    /** One sequence of numbers cannot be split without losing its order, so there is one task, whatever tasks.max says. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(settings);
    }

    @Override
    public void stop() {
        // nothing held
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    /**
     * The task can restart exactly where the last committed offset says, and its offsets are
     * written only by the worker, so with {@code exactly.once.source.support=enabled} (KIP-618)
     * every number lands once.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public String version() {
        return "1.0";
    }
}
