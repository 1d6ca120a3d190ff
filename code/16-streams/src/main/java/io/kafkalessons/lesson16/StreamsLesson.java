package io.kafkalessons.lesson16;

import io.kafkalessons.lesson16.ViewLog.View;
import io.kafkalessons.sandbox.lesson.Narrator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lesson 16: Kafka Streams. One application (page views of a web shop: filter, map, counts, a
 * windowed count, a join) runs on the sandbox, first in this JVM, then as separate processes that
 * are killed with {@code kill -9} and started again.
 */
public final class StreamsLesson {

    /** Every topic, internal topic and consumer group of this lesson starts with it. */
    public static final String PREFIX = "lesson16-";
    /** Regular views per run (then the late ones). */
    static final int VIEWS = 400;
    /** The user whose count the lesson reads from a running instance's store. */
    public static final String QUERIED_USER = "u03";

    static final ViewsTopology.Names BASELINE = new ViewsTopology.Names(PREFIX + "baseline");
    static final ViewsTopology.Names AT_LEAST_ONCE = new ViewsTopology.Names(PREFIX + "alos");
    static final ViewsTopology.Names EXACTLY_ONCE = new ViewsTopology.Names(PREFIX + "eos");
    static final ViewsTopology.Names NO_STANDBY = new ViewsTopology.Names(PREFIX + "two");
    static final ViewsTopology.Names STANDBY = new ViewsTopology.Names(PREFIX + "standby");

    private final Lab lab;

    public StreamsLesson(String bootstrapServers, Narrator narrator) {
        this.lab = new Lab(bootstrapServers, narrator);
    }

    public StreamsResult run() throws Exception {
        Narrator narrator = lab.narrator();
        narrator.intro(
                "Kafka Streams is a Java library: an application reads topics, computes, and writes topics, and",
                "keeps its state (counts, windows, tables) in local stores that Kafka backs up as changelog topics.",
                "Watch what a crash does to the counts under each processing guarantee, and how state moves.");
        lab.createTopics(PREFIX, List.of(BASELINE, AT_LEAST_ONCE, EXACTLY_ONCE, NO_STANDBY, STANDBY));
        List<View> views = ViewLog.views(VIEWS, ViewLog.recentStart());
        narrator.step("the topology, run once without a crash (in this JVM)");
        StreamsResult.Baseline baseline = new BaselineStep(lab).run(BASELINE, views);
        narrator.step("kill -9 under at_least_once and under exactly_once_v2, then start again");
        Map<String, ViewsTopology.Names> crashes = new LinkedHashMap<>();
        crashes.put(AppSettings.AT_LEAST_ONCE, AT_LEAST_ONCE);
        crashes.put(AppSettings.EXACTLY_ONCE, EXACTLY_ONCE);
        List<StreamsResult.Crash> crash = new CrashStep(lab, views).run(crashes, baseline.counts());
        narrator.step("two instances per application, one killed: without a standby, and with one");
        Map<Integer, ViewsTopology.Names> failovers = new LinkedHashMap<>();
        failovers.put(0, NO_STANDBY);
        failovers.put(1, STANDBY);
        FailoverStep.Outcome failover = new FailoverStep(lab).run(failovers);
        return new StreamsResult(baseline, crash.get(0), crash.get(1), failover.failovers(), failover.query());
    }

    static long people(List<View> views) {
        return views.stream().filter(v -> !v.path().equals(ViewsTopology.HEALTH_CHECK)).count();
    }

    static StreamsResult.Counts counts(Lab lab, ViewsTopology.Names names) {
        return new StreamsResult.Counts(lab.latestCounts(names.perUser()), lab.latestCounts(names.perPage()));
    }
}
