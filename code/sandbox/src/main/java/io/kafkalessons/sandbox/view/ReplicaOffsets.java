package io.kafkalessons.sandbox.view;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Each replica's log end offset, read where it lives: the broker's own
 * {@code kafka.log:type=Log,name=LogEndOffset,topic=T,partition=P} metric. No Kafka API tells a
 * client a follower's log end, so this works only for brokers the sandbox started: it attaches to
 * the broker's JVM by process id (the JDK's attach API starts the JVM's local JMX agent; nothing
 * listens on a network port) and keeps one connection per process.
 */
final class ReplicaOffsets implements AutoCloseable {

    private static final long TIMEOUT_MS = 1000;

    private final Map<Long, JMXConnector> connectors = new ConcurrentHashMap<>();
    private final ExecutorService reader = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "view-jmx");
        t.setDaemon(true);
        return t;
    });

    /**
     * The log end offset of every replica on the broker running as {@code pid}, by {@code topic-partition}
     * (Kafka's internal topics left out); empty when the broker did not answer within a second.
     */
    Map<String, Long> read(long pid) {
        Future<Map<String, Long>> answer = reader.submit(() -> query(pid));
        try {
            return answer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            answer.cancel(true);
            forget(pid);
            return Map.of();
        }
    }

    private Map<String, Long> query(long pid) throws Exception {
        MBeanServerConnection connection = connection(pid);
        Map<String, Long> offsets = new HashMap<>();
        for (ObjectName name : connection.queryNames(new ObjectName("kafka.log:type=Log,name=LogEndOffset,*"), null)) {
            String topic = name.getKeyProperty("topic");
            if (topic != null && !topic.startsWith("__")) {
                Object value = connection.getAttribute(name, "Value");
                offsets.put(topic + "-" + name.getKeyProperty("partition"), ((Number) value).longValue());
            }
        }
        return offsets;
    }

    private MBeanServerConnection connection(long pid) throws Exception {
        JMXConnector connector = connectors.get(pid);
        if (connector == null) {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            } finally {
                vm.detach();
            }
            connectors.put(pid, connector);
        }
        return connector.getMBeanServerConnection();
    }

    /** Drops the connection to a process that stopped answering (killed, restarted under a new id). */
    void forget(long pid) {
        JMXConnector connector = connectors.remove(pid);
        if (connector != null) {
            reader.submit(() -> closeQuietly(connector));
        }
    }

    private static void closeQuietly(JMXConnector connector) {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the process is gone; nothing to tidy on its side
        }
    }

    @Override
    public void close() {
        // Closed on the reader's threads: closing the connection to a frozen broker would wait for it.
        connectors.values().forEach(c -> reader.submit(() -> closeQuietly(c)));
        connectors.clear();
        reader.shutdown();
    }
}
