package io.kafkalessons.lesson25;

import io.kafkalessons.lesson25.ChangingResult.Added;
import io.kafkalessons.lesson25.ChangingResult.Moves;
import io.kafkalessons.lesson25.ChangingResult.Racks;
import io.kafkalessons.lesson25.ChangingResult.Rolling;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.lesson.Clients;
import io.kafkalessons.sandbox.lesson.LogDirs;
import io.kafkalessons.sandbox.lesson.Narrator;
import io.kafkalessons.sandbox.lesson.Part;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lesson 25: changing a running cluster the way operators do, without stopping it: a broker added,
 * partitions moved to it with and without a replication throttle, replicas spread across racks and
 * read from the nearest one, and every broker restarted in turn while a producer keeps writing.
 */
public final class ChangingLesson {

    /**
     * A broker the sandbox configured but did not start.
     *
     * @param id    its {@code node.id}
     * @param start starts it and waits until the controller counts it; returns how long that took
     */
    public record Spare(int id, Supplier<Duration> start) {
    }

    private final String bootstrapServers;
    private final Faults faults;
    private final Optional<Spare> spare;
    private final Narrator narrator;
    private final int tryThis;

    public ChangingLesson(String bootstrapServers, Faults faults, Optional<Spare> spare, Narrator narrator) {
        this(bootstrapServers, faults, spare, narrator, 0);
    }

    /** @param tryThis a "Try this" item to apply (1: the throttle is left behind; 2: half the throttle), or 0 */
    public ChangingLesson(String bootstrapServers, Faults faults, Optional<Spare> spare, Narrator narrator, int tryThis) {
        this.bootstrapServers = bootstrapServers;
        this.faults = faults;
        this.spare = spare;
        this.narrator = narrator;
        this.tryThis = tryThis;
    }

    public ChangingResult run() throws Exception {
        narrator.intro(
                "A cluster in production is never stopped to be changed. Brokers are added, partitions are moved onto",
                "them, racks are taken into account, and every broker is restarted in turn for a new setting or a new",
                "version, all while applications write and read. Watch what each change costs, and what keeps it safe.");
        try (Admin admin = Admin.create(Clients.admin(bootstrapServers))) {
            ReassignStep reassign = new ReassignStep(admin, bootstrapServers, narrator, tryThis);
            List<Integer> brokers = liveBrokers(admin);
            Part<Added> added = addBroker(admin, reassign, brokers);
            Part<Moves> moves = moves(admin, reassign);
            Part<Racks> racks = racks(admin);
            Part<Rolling> rolling = rolling(admin);
            return new ChangingResult(added, moves, racks, rolling);
        }
    }

    private Part<Added> addBroker(Admin admin, ReassignStep reassign, List<Integer> brokers) throws Exception {
        String title = "add a broker to the running cluster";
        if (spare.isEmpty()) {
            return narrator.skipStep(title, "the sandbox keeps a broker configured but stopped for this; on your own cluster,"
                    + " start one with a new node.id and the same controller.quorum.voters");
        }
        narrator.step("%s: broker %d joins brokers %s", title, spare.get().id(), brokers);
        reassign.prepare(brokers);
        Duration joined = spare.get().start().get();
        List<Integer> after = liveBrokers(admin);
        int replicas = LogDirs.partitions(admin, spare.get().id()).size();
        narrator.say("sandbox", "broker %d started and was registered and unfenced after %.1f s; brokers now %s",
                spare.get().id(), joined.toMillis() / 1000.0, after);
        narrator.say("kafka-log-dirs", "broker %d holds %d partition replicas", spare.get().id(), replicas);
        narrator.notice("a new broker gets new partitions only: Kafka never moves existing ones by itself. Until someone");
        narrator.notice("reassigns partitions, the new broker takes no load off the others");
        return Part.ran(new Added(spare.get().id(), joined.toMillis(), brokers.size(), after.size(), replicas));
    }

    private Part<Moves> moves(Admin admin, ReassignStep reassign) throws Exception {
        String title = "move replicas with kafka-reassign-partitions, with and without a throttle";
        List<Integer> brokers = liveBrokers(admin);
        if (brokers.size() < 3) {
            return narrator.skipStep(title, "it needs 3 brokers, the cluster has " + brokers.size());
        }
        narrator.step(title);
        int target = spare.map(Spare::id).orElse(brokers.get(brokers.size() - 1));
        List<Integer> sources = new ArrayList<>(brokers);
        sources.remove(Integer.valueOf(target));
        if (spare.isEmpty()) {
            reassign.prepare(sources);
        }
        return Part.ran(reassign.run(sources, target));
    }

    private Part<Racks> racks(Admin admin) throws Exception {
        String title = "racks: replicas spread across them, and a consumer reading from its own";
        Map<Integer, String> rackOf = RackStep.racks(admin);
        if (spare.isEmpty() || rackOf.values().stream().distinct().count() < 3) {
            return narrator.skipStep(title, "it needs brokers in 3 racks with a rack-aware replica selector, as the sandbox"
                    + " starts them (see Run it)");
        }
        narrator.step(title);
        return Part.ran(new RackStep(admin, bootstrapServers, narrator).run(rackOf));
    }

    private Part<Rolling> rolling(Admin admin) throws Exception {
        String title = "a rolling restart of every broker while a producer writes with acks=all";
        if (!faults.available()) {
            return narrator.skipStep(title, "it stops and starts brokers, so it runs only on the sandbox the lesson starts"
                    + " (leave out the address)");
        }
        narrator.step(title);
        return Part.ran(new RollingRestartStep(admin, bootstrapServers, faults, narrator).run());
    }

    static List<Integer> liveBrokers(Admin admin) throws Exception {
        return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).sorted().toList();
    }
}
