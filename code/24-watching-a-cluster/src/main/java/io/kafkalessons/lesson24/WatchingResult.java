package io.kafkalessons.lesson24;

import io.kafkalessons.sandbox.lesson.LessonResult;
import io.kafkalessons.sandbox.lesson.Part;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What lesson 24 showed.
 *
 * @param faults the cluster's metrics before, during and after a frozen broker and a killed controller (sandbox only)
 * @param lag    a consumer group's lag, in records and in time
 */
public record WatchingResult(Part<Faulted> faults, Lag lag) implements LessonResult {

    /**
     * One node's metrics in one scrape.
     *
     * @param node             its {@code node.id}
     * @param answered         whether its exporter answered within 2 s (what Prometheus records as {@code up})
     * @param underReplicated  partitions this broker leads whose ISR lacks a replica
     * @param underMinIsr      partitions this broker leads whose ISR is smaller than {@code min.insync.replicas}
     * @param offline          partitions without a leader, as this controller's copy of the metadata says
     * @param activeController 1 on the active controller, 0 elsewhere
     * @param fencedBrokers    brokers the controllers have fenced, as this controller's copy says
     * @param isrShrinks       ISR shrinks by leaders on this broker since it started
     * @param isrExpands       ISR expansions by leaders on this broker since it started
     * @param produceMaxMs     the longest produce request this broker has answered since it started (ms)
     */
    public record NodeSample(int node, boolean answered, int underReplicated, int underMinIsr, int offline,
                             int activeController, int fencedBrokers, long isrShrinks, long isrExpands, long produceMaxMs) {

        static NodeSample silent(int node) {
            return new NodeSample(node, false, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /** Every node's metrics in one round of scrapes, and the sums and maxima an alert rule computes from them. */
    public record View(List<NodeSample> nodes) {

        public List<Integer> silent() {
            return nodes.stream().filter(n -> !n.answered()).map(NodeSample::node).toList();
        }

        public int underReplicated() {
            return nodes.stream().mapToInt(NodeSample::underReplicated).sum();
        }

        public int underMinIsr() {
            return nodes.stream().mapToInt(NodeSample::underMinIsr).sum();
        }

        /** Every controller reports it from its own copy of the metadata: the largest. */
        public int offline() {
            return nodes.stream().mapToInt(NodeSample::offline).max().orElse(0);
        }

        /**
         * Whether every node that answered reports the same offline and fenced counts: the metadata
         * change has reached them all (a scrape in the middle of it sees some nodes behind).
         */
        public boolean settled() {
            List<NodeSample> answered = nodes.stream().filter(NodeSample::answered).toList();
            return answered.stream().map(NodeSample::offline).distinct().count() <= 1
                    && answered.stream().map(NodeSample::fencedBrokers).distinct().count() <= 1;
        }

        public List<Integer> activeControllers() {
            return nodes.stream().filter(n -> n.activeController() == 1).map(NodeSample::node).toList();
        }

        public int fencedBrokers() {
            return nodes.stream().mapToInt(NodeSample::fencedBrokers).max().orElse(0);
        }

        public long isrShrinks() {
            return nodes.stream().mapToLong(NodeSample::isrShrinks).sum();
        }

        public long isrExpands() {
            return nodes.stream().mapToLong(NodeSample::isrExpands).sum();
        }

        String brief() {
            return "urp=" + underReplicated() + ",underMinIsr=" + underMinIsr() + ",offline=" + offline()
                    + ",fenced=" + fencedBrokers() + ",silent=" + silent().size();
        }
    }

    /**
     * @param frozen            the broker frozen ({@code SIGSTOP}), neither the active controller nor the leader
     * @param healthy           before the freeze
     * @param acksAllWaitMs     how long one acks=all write to a partition the frozen broker follows waited
     * @param isrShrunk         once the leader of the partition with a waiting write dropped it from the ISR
     * @param fenced            once the controller fenced it (its heartbeats stopped) and took it out of every ISR
     * @param fencedAfterMs     how long after the freeze that view was read
     * @param resumed           after {@code SIGCONT}, once it caught up
     * @param killedController  the active controller killed ({@code kill -9}) afterwards
     * @param controllerMoved   once another node was the active controller
     */
    public record Faulted(int frozen, View healthy, long acksAllWaitMs, View isrShrunk, View fenced,
                          long fencedAfterMs, View resumed, int killedController, View controllerMoved) {
    }

    /**
     * @param group        the consumer group
     * @param committed    the group's committed offset (the next record it will read)
     * @param end          the partition's end offset
     * @param records      lag in records: {@code end - committed}
     * @param seconds      lag in time: how long ago the oldest record not yet read was written
     */
    public record Lag(String group, long committed, long end, long records, long seconds) {
    }

    @Override
    public String summary() {
        return faults.show("faults", f -> ":healthy(" + f.healthy().brief() + ")"
                + " shrunk(isrShrinks=+" + (f.isrShrunk().isrShrinks() - f.healthy().isrShrinks()) + ","
                + f.isrShrunk().brief() + ") fenced(" + f.fenced().brief() + ") resumed(" + f.resumed().brief() + ") controller="
                + f.controllerMoved().activeControllers().stream().map(String::valueOf).collect(Collectors.joining(",")))
                + " lag=" + lag.records() + "records," + lag.seconds() + "s";
    }

    @Override
    public boolean asExpected() {
        return faults.okIfRan(f -> f.healthy().underReplicated() == 0 && f.isrShrunk().underReplicated() == 1
                && f.isrShrunk().fencedBrokers() == 0                && f.fenced().offline() == 1 && f.fenced().underMinIsr() == 1
                && f.resumed().underReplicated() == 0 && f.controllerMoved().activeControllers().size() == 1)
                && lag.records() == LagStep.RECORDS - LagStep.READ;
    }
}
