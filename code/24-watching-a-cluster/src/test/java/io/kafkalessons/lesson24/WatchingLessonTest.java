package io.kafkalessons.lesson24;

import io.kafkalessons.lesson24.WatchingResult.Faulted;
import io.kafkalessons.lesson24.WatchingResult.Lag;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.testing.ExternalTools;
import io.kafkalessons.testing.ReadmeOutput;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WatchingLessonTest {

    private static KafkaCluster kafka;
    private static WatchingResult result;
    private static Faulted faulted;

    @BeforeAll
    static void runLesson() throws Exception {
        kafka = WatchingMain.INFO.needs().kafkaSetup().apply(KafkaCluster.builder().brokers(3).name("lesson-24-test")).start();
        result = new WatchingLesson(kafka.bootstrapServers(), Faults.of(kafka), WatchingMain.metricsUrls(kafka),
                Narrator.silent()).run();
        faulted = result.faults().value();
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @DisplayName("A healthy cluster: every node answers, 0 partitions under-replicated, under min ISR or offline, 0 fenced, 1 active controller")
    void healthy() {
        var healthy = faulted.healthy();
        assertThat(healthy.silent()).isEmpty();
        assertThat(healthy.underReplicated()).isZero();
        assertThat(healthy.underMinIsr()).isZero();
        assertThat(healthy.offline()).isZero();
        assertThat(healthy.fencedBrokers()).isZero();
        assertThat(healthy.activeControllers()).containsExactly(faulted.killedController());
    }

    @Test
    @DisplayName("A frozen follower behind on a write: its leader drops it from that ISR: 1 partition under-replicated, before any fencing;"
            + " the shrink meter rises by 0 or 1")
    void frozenFollowerLeavesTheIsrOfTheBusyPartition() {
        var shrunk = faulted.isrShrunk();
        assertThat(shrunk.silent()).containsExactly(faulted.frozen());
        assertThat(shrunk.isrShrinks() - faulted.healthy().isrShrinks()).as("counted only when the AlterPartition answer wins")
                .isBetween(0L, 1L);
        assertThat(shrunk.underReplicated()).isEqualTo(1);
        assertThat(shrunk.underMinIsr()).isZero();
        assertThat(shrunk.fencedBrokers()).isZero();
        assertThat(shrunk.offline()).isZero();
    }

    @Test
    @DisplayName("An acks=all write waits for the ISR shrink: at least half a second with replica.lag.time.max.ms=1500")
    void acksAllWaitsForTheShrink() {
        assertThat(faulted.acksAllWaitMs()).isGreaterThanOrEqualTo(500);
        assertThat(faulted.isrShrunk().nodes()).anySatisfy(n -> assertThat(n.produceMaxMs()).isGreaterThanOrEqualTo(500));
    }

    @Test
    @DisplayName("Fenced no sooner than 5.5 s after the freeze (6 s without a heartbeat, sent every 0.5 s) and out of every ISR:"
            + " 2 partitions under-replicated, 1 under min ISR, its one-copy partition offline")
    void fencedBrokerLeavesEveryIsr() {
        var fenced = faulted.fenced();
        assertThat(faulted.fencedAfterMs()).isGreaterThanOrEqualTo(5500);
        assertThat(fenced.fencedBrokers()).isEqualTo(1);
        assertThat(fenced.underReplicated()).isEqualTo(2);
        assertThat(fenced.underMinIsr()).isEqualTo(1);
        assertThat(fenced.offline()).isEqualTo(1);
        assertThat(fenced.silent()).containsExactly(faulted.frozen());
        assertThat(fenced.isrShrinks()).as("the controller's removal is no leader's shrink").isEqualTo(faulted.isrShrunk().isrShrinks());
    }

    @Test
    @DisplayName("Resumed: it rejoins the ISRs and every gauge is back to 0")
    void resumedBrokerRejoins() {
        var resumed = faulted.resumed();
        assertThat(resumed.silent()).isEmpty();
        assertThat(resumed.underReplicated()).isZero();
        assertThat(resumed.underMinIsr()).isZero();
        assertThat(resumed.offline()).isZero();
        assertThat(resumed.fencedBrokers()).isZero();
    }

    @Test
    @DisplayName("The active controller killed: another node reports ActiveControllerCount=1; the dead one is silent")
    void controllerMoves() {
        var moved = faulted.controllerMoved();
        assertThat(moved.activeControllers()).hasSize(1).doesNotContain(faulted.killedController());
        assertThat(moved.silent()).containsExactly(faulted.killedController());
    }

    @Test
    @DisplayName("Consumer lag: 100 records, 40 committed: 60 records behind, and the oldest unread one was written 400 s ago (plus the run)")
    void lagInRecordsAndTime() {
        Lag lag = result.lag();
        assertThat(lag.committed()).isEqualTo(40);
        assertThat(lag.end()).isEqualTo(100);
        assertThat(lag.records()).isEqualTo(60);
        assertThat(lag.seconds()).isBetween(400L, 460L);
    }

    @Test
    @DisplayName("Every series the alert rules use is one the exporter publishes, or a lag series the lesson prints")
    void alertRulesUseRealSeries() throws Exception {
        Set<String> published = new TreeSet<>(List.of("up", LagStep.LAG_RECORDS, LagStep.LAG_SECONDS));
        Scrape.of(kafka.node(1).metricsUrl().orElseThrow()).join().orElseThrow().keySet()
                .forEach(series -> published.add(series.replaceAll("\\{.*", "")));
        assertThat(AlertRulesCheck.seriesUsed()).hasSizeGreaterThanOrEqualTo(9).isSubsetOf(published);
    }

    @Test
    @DisplayName("promtool: on the measured numbers, nothing fires while healthy; once fenced, the silent node, offline, under-min-ISR,"
            + " under-replicated, fenced and lag alerts fire, the controller, flapping and growing-lag ones do not")
    void alertRulesFireOnTheMeasuredNumbers() throws Exception {
        ExternalTools.require(ExternalTools.onPath("promtool"), "promtool", "apt-get install prometheus");
        Map.Entry<Integer, String> run = AlertRulesCheck.runPromtool(faulted, result.lag(), Path.of("target", "promtool"));
        assertThat(run.getKey()).as(run.getValue()).isZero();
        assertThat(run.getValue()).contains("SUCCESS");
    }

    @Test
    @DisplayName("Try this 2: with LagStep.READ at 100 the group is 0 records and 0 s behind, and in the promtool test the lesson"
            + " writes, KafkaConsumerLagTime no longer fires")
    void tryReadingEverythingSilencesTheLagAlert() throws Exception {
        ExternalTools.require(ExternalTools.onPath("promtool"), "promtool", "apt-get install prometheus");
        Lag caughtUp = new LagStep(kafka.admin(), kafka.bootstrapServers(), Narrator.silent(), LagStep.RECORDS).run();
        assertThat(caughtUp.records()).isZero();
        assertThat(caughtUp.seconds()).isZero();
        Map.Entry<Integer, String> run = AlertRulesCheck.runPromtool(faulted, caughtUp, Path.of("target", "promtool-try-2"));
        assertThat(run.getKey()).as(run.getValue()).isNotZero();
        // promtool names each expected alert that did not fire, with what it got instead: nothing.
        assertThat(run.getValue()).contains("alertname: KafkaConsumerLagTime").contains("got:[]");
    }

    @Test
    @DisplayName("Try this 3: the README's promtool check rules finds the rules valid, and its promtool test rules passes on"
            + " the unit test the previous check writes (both run from the repository's root, as the README says)")
    void tryCheckingTheRulesWithPromtool() throws Exception {
        ExternalTools.require(ExternalTools.onPath("promtool"), "promtool", "apt-get install prometheus");
        AlertRulesCheck.runPromtool(faulted, result.lag(), Path.of("target", "promtool"));
        List<String> typed = TryThis.typed(TryThis.readme(), 3, "promtool ");
        assertThat(typed).hasSize(2);
        for (String command : typed) {
            Process p = new ProcessBuilder(command.split(" ")).directory(Path.of("../..").toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command).isTrue();
            assertThat(p.exitValue()).as(command + "\n" + output).isZero();
            assertThat(output).as(command).contains("SUCCESS");
        }
        assertThat(typed.get(0)).startsWith("promtool check rules ");
    }

    @Test
    void asExpected() {
        assertThat(result.asExpected()).isTrue();
    }

    @Test
    void readmeShowsTodaysResult() {
        assertThat(ReadmeOutput.shape(ReadmeOutput.resultOf(Path.of("README.md")))).isEqualTo(ReadmeOutput.shape(result.summary()));
    }
}
