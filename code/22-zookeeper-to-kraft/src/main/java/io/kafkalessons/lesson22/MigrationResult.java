package io.kafkalessons.lesson22;

import io.kafkalessons.sandbox.lesson.KeyedTraffic.Tally;
import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;
import java.util.Locale;

/**
 * What lesson 22 observed, phase by phase.
 *
 * @param phases       each phase: how long it took and what ZooKeeper held at its end
 * @param before       the topics, the topic setting and the ACL before the migration
 * @param after        the same, read from the KRaft cluster after it
 * @param dualWrite    whether a topic created while the controller was in migration mode reached ZooKeeper
 * @param afterFinal   whether a topic created after the migration was finalized reached ZooKeeper
 * @param voters       the KRaft quorum's voters at the end
 * @param observers    its observers (the brokers) at the end
 * @param zookeeperOff whether ZooKeeper was stopped before the last checks (only when the lesson started it)
 * @param traffic      the acks=all producer that wrote through every phase, and what was read back
 */
public record MigrationResult(List<Phase> phases, Metadata before, Metadata after, boolean dualWrite, boolean afterFinal,
                              List<Integer> voters, List<Integer> observers, boolean zookeeperOff, Tally traffic)
        implements LessonResult {

    /**
     * @param name   the phase
     * @param millis how long it took
     * @param znodes what ZooKeeper held at its end
     */
    public record Phase(String name, long millis, Znodes znodes) {
    }

    /**
     * @param controller the /controller znode: which node controls the cluster ("" when absent)
     * @param brokers    the broker ids registered under /brokers/ids
     * @param migration  the /migration znode, written by a KRaft controller that migrated ("" when absent)
     */
    public record Znodes(String controller, List<String> brokers, String migration) {
    }

    /**
     * @param topics    the lesson's topics
     * @param retention the orders topic's retention.ms
     * @param acls      the ACLs on it, as text
     */
    public record Metadata(List<String> topics, String retention, List<String> acls) {
    }

    public Phase phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no phase " + name));
    }

    @Override
    public boolean asExpected() {
        return before.equals(after) && dualWrite && !afterFinal && traffic.lost() == 0 && traffic.failed() == 0
                && traffic.acknowledged() > 0;
    }

    @Override
    public String summary() {
        StringBuilder s = new StringBuilder();
        phases.forEach(p -> s.append(String.format(Locale.ROOT, "%s=%.1fs ", p.name(), p.millis() / 1000.0)));
        return s + "metadata-kept=" + before.equals(after) + " dual-write=" + dualWrite + " after-finalize-in-zk=" + afterFinal
                + " acked=" + traffic.acknowledged() + " failed=" + traffic.failed() + " lost=" + traffic.lost()
                + " duplicates=" + traffic.duplicates();
    }
}
