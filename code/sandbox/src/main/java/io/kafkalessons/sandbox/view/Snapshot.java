package io.kafkalessons.sandbox.view;

import java.util.List;
import java.util.Map;

/**
 * What the workshop view shows at one moment, as the page receives it (serialized to JSON): the
 * nodes, every partition's replicas and offsets, the consumer groups, the traffic, and the events
 * so far. Built by {@link StateReader} about once a second.
 *
 * @param millis     when it was read (epoch milliseconds)
 * @param bootstrap  the cluster's bootstrap addresses
 * @param owned      whether the sandbox started these nodes (then the page offers kill, pause, resume, restart)
 * @param nodes      Kafka nodes and ZooKeeper servers
 * @param partitions the partitions of every topic but Kafka's internal ones
 * @param groups     consumer groups
 * @param rates      records per second, produced and consumed, from the last two reads
 * @param traffic    the built-in traffic generator
 * @param problems   what could not be read this time, one plain sentence each (empty when all answered)
 * @param events     the timeline, oldest first
 */
public record Snapshot(long millis, String bootstrap, boolean owned, List<NodeView> nodes, List<PartitionView> partitions,
                       List<GroupView> groups, Rates rates, TrafficView traffic, List<String> problems, List<Event> events) {

    /**
     * One node.
     *
     * @param key     {@code broker-1}, {@code controller-101} or {@code zk-2}: the page's name for it
     * @param kind    {@code kafka} or {@code zookeeper}
     * @param roles   e.g. {@code broker,controller}, or the ZooKeeper server's mode (leader, follower, observer)
     * @param state   {@code running}, {@code paused}, {@code down} (killed or stopped) or, for a node the sandbox
     *                does not own, {@code registered} or {@code fenced}
     * @param fenced  a broker the controller has fenced (or that is not registered)
     * @param leader  the active controller, or the ZooKeeper ensemble's leader
     * @param address where clients reach it
     */
    public record NodeView(String key, String kind, int id, String roles, String state, boolean fenced, boolean leader,
                           String address) {
    }

    /**
     * One partition.
     *
     * @param leader        the leader's id, -1 when it has none
     * @param leaderEpoch   the leader epoch the leader answered with (-1 when unknown)
     * @param highWatermark the high watermark (-1 when the leader did not answer)
     * @param logEnd        each replica's log end offset, by broker id, read from that broker's own
     *                      {@code kafka.log:type=Log,name=LogEndOffset} metric (only for nodes the sandbox owns)
     */
    public record PartitionView(String topic, int partition, int leader, int leaderEpoch, List<Integer> replicas,
                                List<Integer> isr, List<Integer> elr, long highWatermark, Map<Integer, Long> logEnd) {

        public String name() {
            return topic + "-" + partition;
        }
    }

    /**
     * One consumer group.
     *
     * @param epoch   the group's epoch (the consumer protocol's generation), -1 when the group does not report one
     * @param members each member's client id and the partitions assigned to it
     * @param lag     records the group has not committed yet, over all its partitions
     */
    public record GroupView(String id, String state, String protocol, int epoch, List<Member> members, long lag) {
    }

    /** A group member: its client id and its partitions, as {@code topic-partition}. */
    public record Member(String clientId, List<String> partitions) {
    }

    /** Records per second over the last interval: appended to the logs (high watermarks) and committed by groups. */
    public record Rates(double produced, double consumed) {
    }

    /** The traffic generator: whether it runs, on which topic, and what it has done. */
    public record TrafficView(boolean available, boolean running, String topic, long acknowledged, long failed, long consumed) {
    }

    /**
     * A line of the timeline.
     *
     * @param kind one of {@code leader}, {@code isr}, {@code node}, {@code controller}, {@code group}, {@code action}, {@code problem}
     */
    public record Event(long millis, String kind, String text) {
    }
}
