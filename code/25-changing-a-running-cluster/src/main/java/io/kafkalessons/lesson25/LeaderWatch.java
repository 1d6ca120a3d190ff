package io.kafkalessons.lesson25;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a topic's partitions every 100 ms in the background, as a dashboard would, and counts the
 * reads that found a partition without a leader (offline: nobody can write to it or read from it).
 */
final class LeaderWatch implements AutoCloseable {

    /**
     * @param samples how many reads answered
     * @param offline how many of them found at least one partition without a leader
     * @param minIsr  the smallest ISR any read found
     */
    record Seen(int samples, int offline, int minIsr) {
    }

    private final Admin admin;
    private final String topic;
    private final Thread thread;
    private volatile boolean running = true;
    private int samples;
    private int offline;
    private int minIsr = Integer.MAX_VALUE;

    LeaderWatch(Admin admin, String topic) {
        this.admin = admin;
        this.topic = topic;
        this.thread = new Thread(this::watch, "lesson25-leader-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
                synchronized (this) {
                    samples++;
                    if (d.partitions().stream().anyMatch(p -> !hasLeader(p))) {
                        offline++;
                    }
                    minIsr = Math.min(minIsr, d.partitions().stream().mapToInt(p -> p.isr().size()).min().orElse(0));
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // A read that went to the broker being stopped fails after its timeout: it saw nothing, count nothing.
            }
        }
    }

    private static boolean hasLeader(TopicPartitionInfo p) {
        return p.leader() != null && !p.leader().isEmpty();
    }

    /** Stops watching and returns what it saw. */
    Seen finish() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (this) {
            return new Seen(samples, offline, minIsr == Integer.MAX_VALUE ? 0 : minIsr);
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
