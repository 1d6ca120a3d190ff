package io.kafkalessons.lesson16;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;
import java.util.Map;

/**
 * What lesson 16 showed.
 *
 * @param baseline    one run without a crash, in the lesson's own JVM
 * @param atLeastOnce kill -9 and restart under at_least_once
 * @param exactlyOnce the same under exactly_once_v2
 * @param failover    two instances, one killed: without a standby, then with one
 * @param query       an interactive query, asked of the instance that does not hold the key
 */
public record StreamsResult(Baseline baseline, Crash atLeastOnce, Crash exactlyOnce, List<Failover> failover, Query query)
        implements LessonResult {

    /** The final count per user and per page, as the application's output topics say. */
    public record Counts(Map<String, Long> perUser, Map<String, Long> perPage) {
        public long totalPerUser() {
            return perUser.values().stream().mapToLong(Long::longValue).sum();
        }

        public long totalPerPage() {
            return perPage.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * @param subTopologies  parts of the topology joined by a repartition topic
     * @param tasks          sub-topologies times input partitions
     * @param internalTopics the topics Kafka Streams created (changelogs, repartition)
     * @param sent           views sent, health checks and late ones included
     * @param byPeople       views that are not health checks
     * @param windowed       views counted in some window
     * @param windows        (user, window) pairs with a count
     * @param dropped        views that reached their window after it closed (Kafka Streams' dropped-records metric)
     * @param joined         views joined with a country
     * @param storeCount     the count of {@link StreamsLesson#QUERIED_USER} read from the running instance's store
     */
    public record Baseline(int subTopologies, int tasks, List<String> internalTopics, long sent, long byPeople, Counts counts,
                           long windowed, int windows, long dropped, long joined, long storeCount) {
    }

    /**
     * @param guarantee              processing.guarantee
     * @param sentBeforeCrash        views in the input when the instance was killed
     * @param processedBeforeCrash   views by people that both counts had taken in when it was killed
     * @param committedBeforeCrash   offsets the application had committed by then
     * @param restored               records the restarted instance read back from changelog topics
     * @param counts                 the final counts
     * @param extraPerUser           final per-user total minus the total of the run without a crash
     * @param extraPerPage           the same for the per-page count (which sits behind a repartition topic)
     * @param sameAsWithoutCrash     every count equal to the run without a crash
     */
    public record Crash(String guarantee, int sentBeforeCrash, long processedBeforeCrash, long committedBeforeCrash,
                        long restored, Counts counts, long extraPerUser, long extraPerPage, boolean sameAsWithoutCrash) {
    }

    /**
     * @param standbys        num.standby.replicas
     * @param victimTasks     the killed instance's active tasks
     * @param survivorBefore  the survivor's tasks before the kill (active and standby)
     * @param survivorAfter   its tasks once it runs alone
     * @param restored        records per store the survivor restored to take the victim's tasks over
     * @param restoreMillis   time it spent restoring them
     * @param takeoverMillis  from the kill until the survivor ran every task
     * @param changelog       records per store in the changelog partitions of the tasks that moved
     */
    public record Failover(int standbys, String victimTasks, String survivorBefore, String survivorAfter,
                           Map<String, Long> restored, long restoreMillis, long takeoverMillis, Map<String, Long> changelog) {
        public long restoredRecords() {
            return restored.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * @param asked       the instance asked first
     * @param firstAnswer what it answered ("elsewhere host:port")
     * @param owner       the instance whose store holds the key
     * @param count       the count the owner read from its store
     * @param expected    the same count from the output topic
     */
    public record Query(String user, int asked, String firstAnswer, int owner, long count, long expected) {
    }

    @Override
    public String summary() {
        return String.format("processed_once=%d alos_extra=%d eos_extra=%d dropped_late=%d restored_no_standby=%d "
                        + "restored_standby=%d query=%d", baseline.counts().totalPerUser(), atLeastOnce.extraPerUser(),
                exactlyOnce.extraPerUser(), baseline.dropped(), failover.get(0).restoredRecords(), failover.get(1).restoredRecords(),
                query.count());
    }

    @Override
    public boolean asExpected() {
        return exactlyOnce.sameAsWithoutCrash() && atLeastOnce.extraPerUser() == atLeastOnce.processedBeforeCrash()
                && failover.get(1).restoredRecords() == 0 && failover.get(0).restoredRecords() > 0 && query.count() == query.expected();
    }
}
