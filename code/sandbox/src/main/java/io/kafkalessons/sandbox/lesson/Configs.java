package io.kafkalessons.sandbox.lesson;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reading and changing settings of a running cluster through the Admin API, as an operator would. */
public final class Configs {

    private static final long TIMEOUT_SECONDS = 30;

    private Configs() {
    }

    /** Sets {@code settings} on a topic, group or broker (incrementalAlterConfigs, SET), leaving its other settings alone. */
    public static void set(Admin admin, ConfigResource resource, Map<String, String> settings) throws Exception {
        List<AlterConfigOp> ops = new ArrayList<>();
        settings.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A broker setting as the first broker the cluster lists reports it (the sandbox's brokers all share theirs). */
    public static String broker(Admin admin, String name) throws Exception {
        String broker = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).iterator().next().idString();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
        return admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource).get(name).value();
    }
}
