package io.kafkalessons.lesson16;

import io.kafkalessons.lesson16.ViewLog.View;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two instances of an application share its tasks; one is killed and the other takes its tasks
 * over. Without a standby the survivor first restores their state from the changelog topics; with
 * {@code num.standby.replicas=1} it already holds an up-to-date copy. Both applications run side by
 * side and lose an instance at the same moment, so the lesson waits out the group's session timeout once.
 */
final class FailoverStep {

    /** Enough views that the state to restore is thousands of records. */
    static final int VIEWS = 2000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int VICTIM = 1;
    static final int SURVIVOR = 2;

    private final Lab lab;

    FailoverStep(Lab lab) {
        this.lab = lab;
    }

    /** One application on two instances. */
    private record Side(int standbys, ViewsTopology.Names names, Deployment app) {
    }

    /** Both failovers, and the interactive query asked while the first application's two instances ran. */
    record Outcome(List<StreamsResult.Failover> failovers, StreamsResult.Query query) {
    }

    /** Runs both applications ({@code applications}: num.standby.replicas to names), the first one queried before the kill. */
    Outcome run(Map<Integer, ViewsTopology.Names> applications) throws Exception {
        List<Side> sides = new ArrayList<>();
        try {
            for (var application : applications.entrySet()) {
                int standbys = application.getKey();
                ViewsTopology.Names names = application.getValue();
                List<View> views = ViewLog.views(VIEWS, ViewLog.recentStart());
                lab.sendUsers(names, views);
                lab.sendViews(names, views);
                sides.add(new Side(standbys, names, new Deployment(names, new AppSettings(lab.bootstrapServers(),
                        names.app(), AppSettings.AT_LEAST_ONCE, 1000, standbys), 2)));
            }
            sides.forEach(side -> {
                side.app().start(VICTIM);
                side.app().start(SURVIVOR);
            });
            for (Side side : sides) {
                awaitReady(side);
            }
            StreamsResult.Query query = QueryStep.ask(lab, sides.get(0).app());
            return new Outcome(killAndTakeOver(sides), query);
        } finally {
            sides.forEach(side -> side.app().close());
        }
    }

    /** Both instances running, every view processed, and with standbys: the copies caught up. */
    private void awaitReady(Side side) {
        Deployment app = side.app();
        app.awaitRunning(VICTIM);
        app.awaitRunning(SURVIVOR);
        lab.awaitProcessed(side.names(), 0, () -> {
            app.checkAlive(VICTIM);
            app.checkAlive(SURVIVOR);
        });
        if (side.standbys() > 0) {
            app.await(SURVIVOR, "/lag", "0"::equals, TIMEOUT, "its standby copies did not catch up");
        }
        lab.narrator().say("app", "%s, num.standby.replicas=%d: instance %d %s; instance %d %s", side.names().app(),
                side.standbys(), VICTIM, app.ask(VICTIM, "/tasks"), SURVIVOR, app.ask(SURVIVOR, "/tasks"));
    }

    /** One application just before the kill. */
    private record Before(Side side, String victimTasks, String survivorTasks, Restores restores) {
    }

    private List<StreamsResult.Failover> killAndTakeOver(List<Side> sides) throws Exception {
        List<Before> before = new ArrayList<>();
        for (Side side : sides) {
            before.add(new Before(side, active(side.app().ask(VICTIM, "/tasks")), side.app().ask(SURVIVOR, "/tasks"),
                    side.app().restores(SURVIVOR)));
        }
        long killed = System.nanoTime();
        sides.forEach(side -> side.app().faults().kill(VICTIM));
        lab.narrator().say("sandbox", "kill -9 instance %d of both applications", VICTIM);
        List<StreamsResult.Failover> results = new ArrayList<>();
        for (Before b : before) {
            Deployment app = b.side().app();
            Set<String> all = tasks(b.victimTasks() + "," + active(b.survivorTasks()));
            String after = app.await(SURVIVOR, "/tasks", tasks -> tasks(active(tasks)).equals(all), TIMEOUT,
                    "did not take over " + b.victimTasks());
            app.awaitRunning(SURVIVOR);
            long takeover = (System.nanoTime() - killed) / 1_000_000;
            Restores restored = app.restores(SURVIVOR).since(b.restores());
            Map<String, Long> changelog = changelogRecords(b.side().names(), b.victimTasks());
            lab.narrator().say("app", "%s: instance %d runs %s %.1f s after the kill; first it restored %d records in %d ms:",
                    b.side().names().app(), SURVIVOR, active(after), takeover / 1000.0, restored.records(), restored.millis());
            lab.narrator().say("app", "    %s", perStore(restored, changelog));
            results.add(new StreamsResult.Failover(b.side().standbys(), b.victimTasks(), b.survivorTasks(), after,
                    restored.byStore(), restored.millis(), takeover, changelog));
        }
        lab.narrator().notice("without a standby, the survivor read every record of the moved key-value stores' changelogs,");
        lab.narrator().notice("but of the window store only the windows still open: older segments are past its retention.");
        lab.narrator().notice("With a standby it had kept a copy up to date all along and restored nothing. Here both take");
        lab.narrator().notice("about 7 s, nearly all of it the 6 s session timeout; a store of millions of records is where");
        lab.narrator().notice("a standby saves minutes.");
        return results;
    }

    /** {@code users 3/3, views-per-page 469/469, ...}: restored of the changelog's records, per store. */
    private static String perStore(Restores restored, Map<String, Long> changelog) {
        List<String> parts = new ArrayList<>();
        changelog.forEach((store, records) -> parts.add(store + " " + restored.byStore().getOrDefault(store, 0L) + "/" + records));
        return String.join(", ", parts);
    }

    private static Set<String> tasks(String commaSeparated) {
        return new TreeSet<>(List.of(commaSeparated.split(",")));
    }

    /** Records per store in the changelog partitions of the given tasks ({@code 0_1}: sub-topology 0, partition 1). */
    private Map<String, Long> changelogRecords(ViewsTopology.Names names, String tasks) throws Exception {
        Map<Integer, Set<String>> stores = TopologySummary.stores(ViewsTopology.build(names));
        Map<String, Long> records = new java.util.TreeMap<>();
        for (String task : tasks.split(",")) {
            int subTopology = Integer.parseInt(task.substring(0, task.indexOf('_')));
            int partition = Integer.parseInt(task.substring(task.indexOf('_') + 1));
            for (String store : stores.get(subTopology)) {
                records.merge(store, lab.endOffset(names.app() + "-" + store + "-changelog", partition), Long::sum);
            }
        }
        return records;
    }

    /** {@code 0_0,1_0} from {@code active=0_0,1_0 standby=...}. */
    static String active(String tasks) {
        return Deployment.field(tasks, "active");
    }
}
