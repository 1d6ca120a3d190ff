package io.kafkalessons.sandbox.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The view's timeline: what changed between two reads of the cluster (a node's state, fencing, the
 * active controller, a partition's leader, ISR or ELR, a group's members or epoch, the cluster not
 * answering), plus what was done through the view (its buttons, or a lesson's --fault-command). Keeps the last {@link #KEPT} events.
 */
final class Timeline {

    static final int KEPT = 200;

    private final Deque<Snapshot.Event> events = new ArrayDeque<>();

    synchronized void add(long millis, String kind, String text) {
        events.addLast(new Snapshot.Event(millis, kind, text));
        while (events.size() > KEPT) {
            events.removeFirst();
        }
    }

    synchronized List<Snapshot.Event> events() {
        return List.copyOf(events);
    }

    /** Adds an event for every change from {@code before} to {@code after}. */
    void compare(Snapshot before, Snapshot after) {
        long t = after.millis();
        nodes(before, after, t);
        partitions(before, after, t);
        groups(before, after, t);
        if (before.problems().isEmpty() && !after.problems().isEmpty()) {
            add(t, "problem", after.problems().get(0));
        } else if (!before.problems().isEmpty() && after.problems().isEmpty()) {
            add(t, "problem", "the cluster answers every question again");
        }
    }

    private void nodes(Snapshot before, Snapshot after, long t) {
        Map<String, Snapshot.NodeView> old = byKey(before.nodes(), Snapshot.NodeView::key);
        for (Snapshot.NodeView now : after.nodes()) {
            Snapshot.NodeView was = old.get(now.key());
            if (was == null) {
                add(t, "node", name(now) + " appeared (" + now.state() + ")");
                continue;
            }
            if (!was.state().equals(now.state())) {
                add(t, "node", name(now) + ": " + was.state() + " -> " + now.state());
            }
            if (was.fenced() != now.fenced()) {
                add(t, "node", name(now) + (now.fenced() ? " fenced: the controller stopped counting on it"
                        : " unfenced: back in service"));
            }
            if (!was.leader() && now.leader()) {
                add(t, "controller", now.kind().equals("kafka") ? "node " + now.id() + " is the active controller"
                        : "zk server " + now.id() + " leads the ensemble");
            }
        }
    }

    private void partitions(Snapshot before, Snapshot after, long t) {
        Map<String, Snapshot.PartitionView> old = byKey(before.partitions(), Snapshot.PartitionView::name);
        for (Snapshot.PartitionView now : after.partitions()) {
            Snapshot.PartitionView was = old.get(now.name());
            if (was == null) {
                continue;
            }
            if (was.leader() != now.leader()) {
                add(t, "leader", now.name() + ": leader " + leader(was.leader()) + " -> " + leader(now.leader())
                        + (now.leaderEpoch() >= 0 ? " (leader epoch " + now.leaderEpoch() + ")" : ""));
            }
            if (!was.isr().equals(now.isr())) {
                String how = now.isr().size() < was.isr().size() ? "shrank" : now.isr().size() > was.isr().size() ? "grew" : "changed";
                add(t, "isr", now.name() + ": ISR " + how + " " + was.isr() + " -> " + now.isr());
            }
            if (!was.elr().equals(now.elr())) {
                add(t, "isr", now.name() + ": ELR " + was.elr() + " -> " + now.elr());
            }
        }
    }

    private void groups(Snapshot before, Snapshot after, long t) {
        Map<String, Snapshot.GroupView> old = byKey(before.groups(), Snapshot.GroupView::id);
        for (Snapshot.GroupView now : after.groups()) {
            Snapshot.GroupView was = old.get(now.id());
            if (was == null) {
                add(t, "group", "group " + now.id() + " appeared with " + now.members().size() + " member(s)");
            } else if (was.members().size() != now.members().size() || was.epoch() != now.epoch()) {
                add(t, "group", "group " + now.id() + " rebalanced: " + was.members().size() + " -> " + now.members().size()
                        + " member(s)" + (now.epoch() >= 0 ? ", epoch " + was.epoch() + " -> " + now.epoch() : ""));
            } else if (!Objects.equals(was.members(), now.members())) {
                add(t, "group", "group " + now.id() + ": the members now hold " + now.members().stream()
                        .map(m -> m.clientId() + " " + m.partitions()).toList());
            }
        }
    }

    private static String leader(int id) {
        return id < 0 ? "none" : Integer.toString(id);
    }

    private static String name(Snapshot.NodeView node) {
        return node.kind().equals("kafka") ? node.key().replace('-', ' ') : "zk server " + node.id();
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> map = new HashMap<>();
        new ArrayList<>(items).forEach(i -> map.put(key.apply(i), i));
        return map;
    }
}
