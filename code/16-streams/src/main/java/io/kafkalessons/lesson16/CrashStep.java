package io.kafkalessons.lesson16;

import io.kafkalessons.lesson16.ViewLog.View;
import io.kafkalessons.sandbox.lesson.Narrator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kill the application with {@code kill -9} after it has processed the first views and before it
 * committed anything, start it again, and compare its final counts with a run that never crashed.
 * Under at_least_once the views processed before the crash are counted twice; under exactly_once_v2
 * none are.
 */
final class CrashStep {

    /** Views sent before the crash; the rest after the restart. */
    static final int BEFORE_CRASH = 100;
    /** Long enough that the first run never commits: the crash comes before any commit, every time. */
    private static final long NEVER = Duration.ofMinutes(5).toMillis();
    /** The default commit interval under exactly_once_v2, used by the restarted instance under both guarantees. */
    private static final long OFTEN = 100;
    private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(60);

    private final Lab lab;
    private final List<View> views;

    CrashStep(Lab lab, List<View> views) {
        this.lab = lab;
        this.views = views;
    }

    /** One application: its guarantee, its topics, its one instance. */
    private record Run(String guarantee, ViewsTopology.Names names, Deployment app) {
        boolean exactlyOnce() {
            return guarantee.equals(AppSettings.EXACTLY_ONCE);
        }
    }

    /**
     * Runs one application per guarantee side by side (each crashes at the same point of its input),
     * and returns what each counted, in the order given.
     */
    List<StreamsResult.Crash> run(Map<String, ViewsTopology.Names> applications, StreamsResult.Counts withoutCrash)
            throws Exception {
        List<View> first = views.subList(0, BEFORE_CRASH);
        long people = StreamsLesson.people(first);
        List<Run> runs = new ArrayList<>();
        try {
            for (var application : applications.entrySet()) {
                ViewsTopology.Names names = application.getValue();
                lab.sendUsers(names, views);
                lab.sendViews(names, first);
                runs.add(new Run(application.getKey(), names, new Deployment(names, new AppSettings(lab.bootstrapServers(),
                        names.app(), application.getKey(), NEVER, 0), 1)));
            }
            runs.forEach(run -> run.app().start(1));
            List<Long> committed = new ArrayList<>();
            for (Run run : runs) {
                awaitChangelogs(run, people);
                committed.add(lab.committed(run.names().app()));
                lab.narrator().say("app", "%s (processing.guarantee=%s, commit.interval.ms=%d): %d views in, %d by people,",
                        run.names().app(), run.guarantee(), NEVER, BEFORE_CRASH, people);
                lab.narrator().say("app", "    all %d counted per user%s; offsets committed: %d", people,
                        run.exactlyOnce() ? " (inside an open transaction)" : " and per page", committed.get(committed.size() - 1));
            }
            runs.forEach(run -> run.app().faults().kill(1));
            lab.narrator().say("sandbox", "kill -9 both instances, before their first commit");
            return restart(runs, people, committed, withoutCrash);
        } finally {
            runs.forEach(run -> run.app().close());
        }
    }

    private List<StreamsResult.Crash> restart(List<Run> runs, long people, List<Long> committed,
                                              StreamsResult.Counts withoutCrash) throws Exception {
        List<StreamsResult.Crash> crashes = new ArrayList<>();
        for (Run run : runs) {
            run.app().use(new AppSettings(lab.bootstrapServers(), run.names().app(), run.guarantee(), OFTEN, 0));
            run.app().start(1);
        }
        for (Run run : runs) {
            run.app().awaitRunning(1);
            lab.sendViews(run.names(), views.subList(BEFORE_CRASH, views.size()));
        }
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            // A transaction ends each partition it wrote with a commit marker, which no reader consumes.
            lab.awaitProcessed(run.names(), run.exactlyOnce() ? 1 : 0, () -> run.app().checkAlive(1));
            long restored = run.app().restores(1).records();
            StreamsResult.Counts counts = StreamsLesson.counts(lab, run.names());
            StreamsResult.Crash crash = new StreamsResult.Crash(run.guarantee(), BEFORE_CRASH, people, committed.get(i), restored,
                    counts, counts.totalPerUser() - withoutCrash.totalPerUser(), counts.totalPerPage() - withoutCrash.totalPerPage(),
                    counts.perUser().equals(withoutCrash.perUser()) && counts.perPage().equals(withoutCrash.perPage()));
            lab.narrator().say("app", "%s started again (commit.interval.ms=%d), restored %d records from its changelogs,",
                    run.names().app(), OFTEN, restored);
            lab.narrator().say("app", "    then took all %d views: per user %d (without a crash %d, %+d), per page %d (%+d)",
                    views.size(), counts.totalPerUser(), withoutCrash.totalPerUser(), crash.extraPerUser(),
                    counts.totalPerPage(), crash.extraPerPage());
            explain(crash);
            crashes.add(crash);
        }
        return crashes;
    }

    private void explain(StreamsResult.Crash crash) {
        Narrator narrator = lab.narrator();
        if (crash.guarantee().equals(AppSettings.EXACTLY_ONCE)) {
            narrator.notice("the first pass wrote its updates inside a transaction that never committed. The restarted");
            narrator.notice("instance aborted it: nothing to restore, every view read again and counted once. Same counts.");
        } else {
            narrator.notice("the restored counts already held the first %d views, and as no offset was committed the",
                    crash.processedBeforeCrash());
            narrator.notice("restarted instance read them again: +%d per user. Per page +%d: the repartition topic still",
                    crash.extraPerUser(), crash.extraPerPage());
            narrator.notice("held the first copies, never committed as read, and the second pass wrote them there again.");
        }
    }

    /**
     * Until every view by a person is in the per-user changelog and in the repartition topic, and
     * under at_least_once also in the per-page changelog. Under exactly_once_v2 the per-page count
     * cannot see them yet: they sit in the repartition topic inside a transaction that is still open.
     */
    private void awaitChangelogs(Run run, long people) {
        Deployment app = run.app();
        ViewsTopology.Names names = run.names();
        String perUser = names.app() + "-" + ViewsTopology.USER_STORE + "-changelog";
        String perPage = names.app() + "-" + ViewsTopology.PAGE_STORE + "-changelog";
        String repartition = names.app() + "-" + ViewsTopology.BY_PAGE + "-repartition";
        long pageUpdates = run.exactlyOnce() ? 0 : people;
        io.kafkalessons.sandbox.Poll.until(PROCESSING_TIMEOUT, Duration.ofMillis(100),
                () -> app.checkAlive(1) && lab.internalTopics(names.app()).containsAll(List.of(perUser, perPage, repartition))
                        && lab.endOffsets(perUser) == people && lab.endOffsets(repartition) == people
                        && lab.endOffsets(perPage) == pageUpdates,
                () -> "the first " + BEFORE_CRASH + " views were not processed within " + PROCESSING_TIMEOUT.toSeconds() + " s");
    }
}
