package io.kafkalessons.lesson16;

import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.CapturedTool;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The lesson on a one-broker sandbox, once for the class; each test checks one claim of the README. */
class StreamsLessonTest {

    private static KafkaCluster kafka;
    private static StreamsResult result;

    @BeforeAll
    static void runLesson() throws Exception {
        kafka = KafkaCluster.builder().brokers(1).name("lesson-16-test").start();
        result = new StreamsLesson(kafka.bootstrapServers(), Narrator.silent()).run();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("Step 1: two sub-topologies joined by a repartition topic, four tasks, a changelog per store")
    void topology() {
        StreamsResult.Baseline baseline = result.baseline();
        assertThat(baseline.subTopologies()).isEqualTo(2);
        assertThat(baseline.tasks()).isEqualTo(4);
        String app = StreamsLesson.BASELINE.app();
        assertThat(baseline.internalTopics()).containsExactly(app + "-by-page-repartition", app + "-users-changelog",
                app + "-views-per-page-changelog", app + "-views-per-user-changelog", app + "-views-per-window-changelog");
    }

    @Test
    @DisplayName("Step 1: 405 views, the 40 health checks filtered out; both counts add up to the 365 by people")
    void counts() {
        StreamsResult.Baseline baseline = result.baseline();
        assertThat(baseline.sent()).isEqualTo(405);
        assertThat(baseline.byPeople()).isEqualTo(365);
        assertThat(baseline.counts().totalPerUser()).isEqualTo(365);
        assertThat(baseline.counts().totalPerPage()).isEqualTo(365);
        assertThat(baseline.counts().perPage().keySet()).containsExactlyInAnyOrder("home", "search", "cart", "checkout");
    }

    @Test
    @DisplayName("Step 1: the 3 views that came after their window closed are dropped (and counted as dropped); 2 within grace are not")
    void windows() {
        StreamsResult.Baseline baseline = result.baseline();
        assertThat(baseline.dropped()).isEqualTo(ViewLog.TOO_LATE_VIEWS);
        assertThat(baseline.windowed()).isEqualTo(baseline.byPeople() - ViewLog.TOO_LATE_VIEWS);
        assertThat(baseline.windows()).as("(user, window) pairs: event times are the same every run").isEqualTo(44);
    }

    @Test
    @DisplayName("Step 1: the inner join drops the 8 views of u99, whom the users table does not know")
    void join() {
        StreamsResult.Baseline baseline = result.baseline();
        long unknown = baseline.counts().perUser().get(ViewLog.UNKNOWN_USER);
        assertThat(unknown).isEqualTo(8);
        assertThat(baseline.joined()).isEqualTo(baseline.byPeople() - unknown);
    }

    @Test
    @DisplayName("Step 1: a running instance's store answers a query with the count the output topic holds")
    void localQuery() {
        StreamsResult.Baseline baseline = result.baseline();
        assertThat(baseline.storeCount()).isEqualTo(baseline.counts().perUser().get(StreamsLesson.QUERIED_USER)).isPositive();
    }

    @Test
    @DisplayName("Step 2: at_least_once, killed after 90 views and before any commit: +90 per user, +180 per page")
    void atLeastOnceCountsTwice() {
        StreamsResult.Crash crash = result.atLeastOnce();
        assertThat(crash.committedBeforeCrash()).isZero();
        assertThat(crash.processedBeforeCrash()).isEqualTo(90);
        assertThat(crash.restored()).as("10 users and the 90 views in each of three stores").isEqualTo(10 + 3 * 90);
        assertThat(crash.extraPerUser()).isEqualTo(90);
        assertThat(crash.extraPerPage()).isEqualTo(180);
        assertThat(crash.sameAsWithoutCrash()).isFalse();
    }

    @Test
    @DisplayName("Step 2: exactly_once_v2, killed at the same point: nothing restored, every count equal to the run without a crash")
    void exactlyOnceCountsOnce() {
        StreamsResult.Crash crash = result.exactlyOnce();
        assertThat(crash.committedBeforeCrash()).isZero();
        assertThat(crash.processedBeforeCrash()).isEqualTo(90);
        assertThat(crash.restored()).isZero();
        assertThat(crash.extraPerUser()).isZero();
        assertThat(crash.extraPerPage()).isZero();
        assertThat(crash.sameAsWithoutCrash()).isTrue();
        assertThat(crash.counts()).isEqualTo(result.baseline().counts());
    }

    @Test
    @DisplayName("Step 3: two instances split the four tasks; the survivor of a kill -9 runs all four")
    void tasksMove() {
        for (StreamsResult.Failover failover : result.failover()) {
            List<String> victim = List.of(failover.victimTasks().split(","));
            assertThat(victim).hasSize(2);
            assertThat(FailoverStep.active(failover.survivorAfter())).isEqualTo("0_0,0_1,1_0,1_1");
            assertThat(failover.takeoverMillis()).as("at least the 6 s session timeout").isGreaterThanOrEqualTo(6000);
        }
        assertThat(result.failover().get(1).survivorBefore()).as("with a standby, it already kept the victim's tasks")
                .endsWith("standby=" + result.failover().get(1).victimTasks());
    }

    @Test
    @DisplayName("Step 3: without a standby the survivor restores the moved key-value stores' changelogs in full, and the window store's open windows")
    void restoreWithoutStandby() {
        StreamsResult.Failover failover = result.failover().get(0);
        for (String store : Set.of(ViewsTopology.USER_STORE, ViewsTopology.PAGE_STORE, ViewsTopology.USERS_STORE)) {
            assertThat(failover.restored().get(store)).as(store).isEqualTo(failover.changelog().get(store)).isPositive();
        }
        assertThat(failover.restored().get(ViewsTopology.WINDOW_STORE)).isPositive()
                .isLessThan(failover.changelog().get(ViewsTopology.WINDOW_STORE) / 5);
    }

    @Test
    @DisplayName("Step 3: with num.standby.replicas=1 the survivor restores nothing: its copy was up to date")
    void standbyRestoresNothing() {
        StreamsResult.Failover failover = result.failover().get(1);
        assertThat(failover.restoredRecords()).isZero();
        assertThat(failover.changelog().values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }

    @Test
    @DisplayName("Step 3: the instance without the key names the one that has it; that one answers from its store")
    void interactiveQuery() {
        StreamsResult.Query query = result.query();
        assertThat(query.firstAnswer()).startsWith("elsewhere 127.0.0.1:");
        assertThat(query.owner()).isNotEqualTo(query.asked());
        assertThat(query.count()).isEqualTo(query.expected()).isPositive();
    }

    @Test
    @DisplayName("Try this 3: the README's kafka-consumer-groups shows the exactly-once application's group reading its two inputs and"
            + " its repartition topic; kafka-topics --list shows its changelogs; kafka-streams-application-reset rewinds both"
            + " inputs to offset 0 and deletes the internal topics")
    void tryInspectingAndResettingAnApplication() {
        Map<String, String> here = Map.of("127.0.0.1:9092", kafka.bootstrapServers());
        ViewsTopology.Names eos = StreamsLesson.EXACTLY_ONCE;
        List<String> describe = TryThis.command(3, "kafka-consumer-groups", here);
        assertThat(groupOffsets(describe)).containsOnlyKeys(eos.views(), eos.users(), eos.app() + "-by-page-repartition");
        List<String> list = TryThis.command(3, "kafka-topics", here);
        assertThat(topics(list)).contains(eos.app() + "-by-page-repartition", eos.app() + "-views-per-user-changelog");

        CapturedTool reset = CapturedTool.run(TryThis.command(3, "kafka-streams-application-reset", here));
        assertThat(reset.exitCode()).as(reset.out() + reset.err()).isZero();
        Map<String, List<String>> rewound = groupOffsets(describe);
        assertThat(rewound.get(eos.views())).containsOnly("0");
        assertThat(rewound.get(eos.users())).containsOnly("0");
        assertThat(topics(list)).noneMatch(t -> t.startsWith(eos.app() + "-") && (t.endsWith("-changelog") || t.endsWith("-repartition")))
                .contains(eos.views());
    }

    /** The committed offsets the group's description shows, by topic. */
    private static Map<String, List<String>> groupOffsets(List<String> describe) {
        CapturedTool run = CapturedTool.run(describe);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.table("GROUP").stream().collect(Collectors.groupingBy(row -> row.get("TOPIC"), TreeMap::new,
                Collectors.mapping(row -> row.get("CURRENT-OFFSET"), Collectors.toList())));
    }

    private static List<String> topics(List<String> list) {
        CapturedTool run = CapturedTool.run(list);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().lines().toList();
    }

    @Test
    @DisplayName("the run is as expected, and the README shows today's output")
    void readmeShowsTodaysResult() {
        assertThat(result.asExpected()).isTrue();
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md"))))
                .isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
