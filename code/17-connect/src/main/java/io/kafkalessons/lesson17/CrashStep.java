package io.kafkalessons.lesson17;

import io.kafkalessons.lesson17.ConnectResult.Crash;
import io.kafkalessons.lesson17.ConnectResult.Pause;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Narrator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lesson's counting source runs on a group of two distributed workers; the worker running its
 * task is killed with {@code kill -9} halfway, the task moves to the other worker and finishes.
 * Then the topic is counted: which numbers arrived, and how many twice.
 */
final class CrashStep {

    /** The numbers 0 to COUNT - 1, 20 per poll with 25 ms between polls: about 2.5 s of writing. */
    static final int COUNT = 2000;
    /** The task is killed once the topic's end offset is this far (records, and commit markers under exactly-once). */
    static final int KILL_AT = 800;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EVERY = Duration.ofMillis(50);

    private final Workers workers;
    private final String bootstrapServers;
    private final ConnectRest rest;
    private final Narrator narrator;

    CrashStep(Workers workers, String bootstrapServers, ConnectRest rest, Narrator narrator) {
        this.workers = workers;
        this.bootstrapServers = bootstrapServers;
        this.rest = rest;
        this.narrator = narrator;
    }

    /** Runs connector {@code name} into {@code topic}; with {@code showPause}, pauses and resumes it first. */
    Crash run(String name, String topic, boolean exactlyOnce, boolean showPause) {
        String url = workers.liveUrl();
        rest.create(url, name, config(topic, exactlyOnce));
        awaitRecords(topic, showPause ? KILL_AT / 2 : KILL_AT);
        Optional<Pause> pause = showPause ? Optional.of(pauseAndResume(url, name, topic)) : Optional.empty();
        awaitRecords(topic, KILL_AT);
        Map<String, Integer> ids = workers.ids();
        int victim = ids.get(taskWorker(url, name));
        int survivor = ids.values().stream().filter(id -> id != victim).findFirst().orElseThrow();
        long killed = System.nanoTime();
        workers.faults().kill(victim);
        narrator.say("sandbox", "kill -9 worker %d, which runs the task of %s", victim, name);
        String survivorUrl = workers.url(survivor);
        // What the new task will find: the source offset the dead one had stored.
        rest.get(survivorUrl, "/connectors/" + name + "/offsets");
        Poll.until(TIMEOUT, EVERY, () -> Integer.valueOf(survivor).equals(workers.ids().get(taskWorker(survivorUrl, name)))
                && "RUNNING".equals(taskState(survivorUrl, name)), () -> "the task of " + name + " did not move to worker "
                + survivor);
        long moveMillis = (System.nanoTime() - killed) / 1_000_000;
        narrator.say("sandbox", "the task runs on worker %d, %.1f s after the kill", survivor, moveMillis / 1000.0);
        rest.get(survivorUrl, "/connectors/" + name + "/status");
        TopicCount.Count count = Poll.untilMatches(TIMEOUT, Duration.ofMillis(250), () -> TopicCount.count(bootstrapServers,
                topic), c -> c.distinct() >= COUNT, c -> topic + " reached " + c.distinct() + " of " + COUNT + " numbers");
        for (ConnectResult.Run run : count.runs()) {
            narrator.say("consumer", "a run of the task wrote %d records: numbers %d to %d", run.records(), run.first(),
                    run.last());
        }
        narrator.say("consumer", "%s: %d records, %d different numbers of %d, %d written twice", topic, count.total(),
                count.distinct(), COUNT, count.total() - count.distinct());
        rest.delete(survivorUrl, "/connectors/" + name);
        return new Crash(exactlyOnce, COUNT, victim, survivor, moveMillis, count.runs(), count.total(), count.distinct(),
                pause);
    }

    private Pause pauseAndResume(String url, String name, String topic) {
        rest.put(url, "/connectors/" + name + "/pause", null);
        Poll.until(TIMEOUT, EVERY, () -> "PAUSED".equals(taskState(url, name)), () -> name + " did not pause");
        rest.get(url, "/connectors/" + name + "/status");
        long before = settledEnd(topic);
        sleep(Duration.ofSeconds(1));
        long after = TopicCount.end(bootstrapServers, topic);
        narrator.say("consumer", "%s holds %d records while paused, and %d one second later", topic, before, after);
        rest.put(url, "/connectors/" + name + "/resume", null);
        Poll.until(TIMEOUT, EVERY, () -> "RUNNING".equals(taskState(url, name)), () -> name + " did not resume");
        return new Pause(before, after);
    }

    /** The end offset once the records sent just before the pause have landed. */
    private long settledEnd(String topic) {
        sleep(Duration.ofMillis(300));
        return TopicCount.end(bootstrapServers, topic);
    }

    private void awaitRecords(String topic, long count) {
        Poll.until(TIMEOUT, EVERY, () -> TopicCount.end(bootstrapServers, topic) >= count,
                () -> topic + " did not reach " + count + " records");
    }

    private String taskWorker(String url, String name) {
        return rest.task(url, name).path("worker_id").asText();
    }

    private String taskState(String url, String name) {
        return rest.task(url, name).path("state").asText();
    }

    // tag::counter[]
    private static Map<String, String> config(String topic, boolean exactlyOnce) {
        Map<String, String> c = new HashMap<>(Map.of(
                "connector.class", CountingSourceConnector.class.getName(),
                "tasks.max", "1",
                CountingSourceConnector.TOPIC, topic,
                CountingSourceConnector.COUNT, Integer.toString(COUNT)));
        if (exactlyOnce) {
            // Refuse to start unless the workers can give this connector exactly-once delivery (KIP-618).
            c.put("exactly.once.support", "required");
        }
        return c;
    }
    // end::counter[]

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
