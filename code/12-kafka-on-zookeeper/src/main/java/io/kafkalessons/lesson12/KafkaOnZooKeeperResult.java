package io.kafkalessons.lesson12;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;
import java.util.Map;

/**
 * What lesson 12 read in ZooKeeper, and how it changed when brokers died.
 *
 * @param bootMillis       from starting the brokers until all three had registered and one was controller
 * @param topZnodes        the children of Kafka's root path
 * @param brokerIds        children of /brokers/ids at the start
 * @param idsEphemeral     every /brokers/ids/N is an ephemeral znode
 * @param controller       broker id in /controller at the start
 * @param controllerEpoch  /controller_epoch at the start
 * @param partitions       leader and ISR of each partition of the lesson's topic, from its state znodes
 */
public record KafkaOnZooKeeperResult(long bootMillis, List<String> topZnodes, List<Integer> brokerIds, boolean idsEphemeral,
                                     int controller, int controllerEpoch, Map<Integer, PartitionState> partitions,
                                     BrokerLoss brokerLoss, ControllerMove controllerMove) implements LessonResult {

    /** The content of /brokers/topics/T/partitions/P/state that the lesson uses. */
    public record PartitionState(int leader, List<Integer> isr) {
    }

    /** A broker (not the controller) killed: its registration vanishes, its partitions get new leaders. */
    public record BrokerLoss(int broker, List<Integer> partitionsLed, List<String> watchEvents, long goneAfterMillis,
                             List<Integer> idsAfter, Map<Integer, PartitionState> partitionsAfter) {
    }

    /** The controller killed: /controller names another broker, and the epoch goes up. */
    public record ControllerMove(int from, int to, int epochBefore, int epochAfter, List<String> watchEvents,
                                 long afterMillis, List<Integer> idsAfter) {
    }

    @Override
    public String summary() {
        return "brokers=" + brokerIds + " controller=" + controller + " epoch=" + controllerEpoch
                + " killed=" + brokerLoss.broker() + " idsAfter=" + brokerLoss.idsAfter()
                + " controllerMoved=" + controllerMove.from() + "->" + controllerMove.to()
                + " epoch=" + controllerMove.epochBefore() + "->" + controllerMove.epochAfter()
                + " events=" + controllerMove.watchEvents() + " failover=" + controllerMove.afterMillis() + "ms";
    }

    @Override
    public boolean asExpected() {
        boolean registered = brokerIds.equals(List.of(1, 2, 3)) && idsEphemeral
                && topZnodes.containsAll(List.of("brokers", "controller", "controller_epoch"))
                && brokerIds.contains(controller) && partitions.size() == KafkaOnZooKeeperLesson.PARTITIONS;
        boolean lost = !brokerLoss.idsAfter().contains(brokerLoss.broker()) && brokerLoss.idsAfter().size() == 2
                && brokerLoss.watchEvents().contains("NodeChildrenChanged")
                && brokerLoss.partitionsAfter().values().stream()
                .allMatch(s -> s.leader() != brokerLoss.broker() && !s.isr().contains(brokerLoss.broker()));
        boolean moved = controllerMove.to() != controllerMove.from() && controllerMove.epochAfter() > controllerMove.epochBefore()
                && controllerMove.watchEvents().equals(List.of("NodeDeleted", "NodeCreated"))
                && !controllerMove.idsAfter().contains(controllerMove.from());
        return registered && lost && moved;
    }
}
