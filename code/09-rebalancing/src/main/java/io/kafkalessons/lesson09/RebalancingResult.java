package io.kafkalessons.lesson09;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What lesson 9 observed.
 *
 * @param joins        one row per protocol: a second consumer joins a group whose first member owns all partitions
 * @param classicOnlyWithConsumerProtocol per classic-only client setting, what a consumer with
 *                     group.protocol=consumer made of it: "accepted" or the exception it threw
 * @param staticMember a static member restarts (group.instance.id)
 * @param dynamicMember the same restart without group.instance.id
 * @param slowConsumer a member stops polling for longer than max.poll.interval.ms
 */
public record RebalancingResult(List<JoinRun> joins, Map<String, String> classicOnlyWithConsumerProtocol,
                                RestartRun staticMember, RestartRun dynamicMember,
                                SlowRun slowConsumer) implements LessonResult {

    /**
     * A second member joins.
     *
     * @param protocol         e.g. "classic/eager", "classic/cooperative-sticky", "consumer"
     * @param revokedFromFirst partitions the first member had taken away during the rebalance
     * @param firstKeeps       partitions the first member owns afterwards
     * @param secondGets       partitions the second member owns afterwards
     * @param nothingConsumedMillis longest time after the join during which no member received a record
     * @param settleMillis     time from the join until both members own their final partitions
     */
    public record JoinRun(String protocol, Set<Integer> revokedFromFirst, Set<Integer> firstKeeps, Set<Integer> secondGets,
                          long nothingConsumedMillis, long settleMillis) {
    }

    /**
     * One member restarts while the other keeps running.
     *
     * @param before          the restarting member's partitions before
     * @param after           its partitions after the restart
     * @param revokedFromOther partitions the other member had taken away meanwhile
     * @param generationBefore the group's generation before the restart
     * @param generationAfter  and after it: each completed rebalance adds one
     */
    public record RestartRun(Set<Integer> before, Set<Integer> after, Set<Integer> revokedFromOther,
                             int generationBefore, int generationAfter) {

        public int rebalances() {
            return generationAfter - generationBefore;
        }
    }

    /**
     * A member stops polling.
     *
     * @param takenFromSlow    partitions the slow member had revoked or lost
     * @param movedAfterMillis time from the slow member's last poll until the other owned everything;
     *                         empty if that never happened
     */
    public record SlowRun(Set<Integer> takenFromSlow, OptionalLong movedAfterMillis) {

        /** The other member owned every partition while the slow one was out. */
        public boolean otherOwnedAll() {
            return movedAfterMillis.isPresent();
        }
    }

    public JoinRun join(String protocol) {
        return joins.stream().filter(j -> j.protocol().equals(protocol)).findFirst().orElseThrow();
    }

    @Override
    public String summary() {
        String joinPart = joins.stream().map(j -> j.protocol() + ":revoked=" + j.revokedFromFirst().size())
                .collect(Collectors.joining(" "));
        return joinPart
                + " consumerProtocolRefuses=" + classicOnlyWithConsumerProtocol.values().stream()
                        .filter("ConfigException"::equals).count() + "/" + classicOnlyWithConsumerProtocol.size()
                + " static:revokedFromOther=" + staticMember.revokedFromOther().size() + ",samePartitions="
                + staticMember.before().equals(staticMember.after())
                + ",rebalances=" + staticMember.rebalances()
                + " dynamic:revokedFromOther=" + dynamicMember.revokedFromOther().size()
                + ",rebalances=" + dynamicMember.rebalances()
                + " slow:otherOwnedAll=" + slowConsumer.otherOwnedAll() + ",takenFromSlow=" + slowConsumer.takenFromSlow().size();
    }

    @Override
    public boolean asExpected() {
        int all = RebalancingLesson.PARTITIONS;
        int half = all / 2;
        return join(RebalancingLesson.EAGER).revokedFromFirst().size() == all
                && join(RebalancingLesson.COOPERATIVE).revokedFromFirst().size() == half
                && join(RebalancingLesson.CONSUMER).revokedFromFirst().size() == half
                && joins.stream().allMatch(j -> j.firstKeeps().size() == half && j.secondGets().size() == half)
                && staticMember.before().equals(staticMember.after()) && staticMember.revokedFromOther().isEmpty()
                && classicOnlyWithConsumerProtocol.size() == 3
                && classicOnlyWithConsumerProtocol.values().stream().allMatch("ConfigException"::equals)
                && staticMember.rebalances() == 0
                && !dynamicMember.revokedFromOther().isEmpty() && dynamicMember.rebalances() == 2
                && slowConsumer.otherOwnedAll() && slowConsumer.takenFromSlow().size() == half;
    }
}
