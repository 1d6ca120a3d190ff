package io.kafkalessons.lesson04;

import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.ZooKeeperModes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An ensemble as lesson 4 sees it: its servers by id and client address, what each says it is
 * (ZooKeeper's {@code srvr} command), and the faults the lesson may inject. It remembers which
 * servers the lesson killed.
 */
final class EnsembleView {

    private final Faults faults;
    private final Map<Integer, String> addresses;
    private final Set<Integer> observers;
    private final Set<Integer> down = new TreeSet<>();

    /** Looks at every server once, while all of them run, to tell observers from voters. */
    EnsembleView(Faults faults) {
        this.faults = faults;
        this.addresses = faults.clientAddresses();
        this.observers = addresses.keySet().stream().filter(id -> mode(id).filter("observer"::equals).isPresent())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    String connectString() {
        return String.join(",", addresses.values());
    }

    String address(int id) {
        return addresses.get(id);
    }

    int size() {
        return addresses.size();
    }

    int running() {
        return size() - down.size();
    }

    List<Integer> voters() {
        return addresses.keySet().stream().filter(id -> !observers.contains(id)).toList();
    }

    Optional<Integer> anObserver() {
        return observers.stream().findFirst();
    }

    boolean isRunning(int id) {
        return !down.contains(id);
    }

    /** The server that says it leads (or runs alone), among those still running. */
    OptionalInt leader() {
        return addresses.keySet().stream().filter(this::isRunning)
                .filter(id -> mode(id).filter(m -> m.equals("leader") || m.equals("standalone")).isPresent())
                .mapToInt(Integer::intValue).findFirst();
    }

    void kill(int id) {
        faults.kill(id);
        down.add(id);
    }

    /**
     * Restarts every server the lesson killed, lowest id first, and waits until one of them all
     * leads again: on a cluster the lesson does not own, it leaves the ensemble as it found it.
     * Returns the servers it restarted.
     */
    List<Integer> restartKilled(Duration timeout) {
        List<Integer> restarted = List.copyOf(down);
        for (int id : restarted) {
            faults.restart(id);
            down.remove(id);
        }
        Poll.until(timeout, Duration.ofMillis(20), () -> leader().isPresent(),
                () -> "no ZooKeeper leader within " + timeout.toSeconds() + " s after restarting servers " + restarted);
        return restarted;
    }

    /** Waits until a server other than {@code former} leads; returns how long it took. */
    Duration awaitNewLeader(int former, Duration timeout) {
        return Poll.until(timeout, Duration.ofMillis(20), () -> {
            OptionalInt leader = leader();
            return leader.isPresent() && leader.getAsInt() != former;
        }, () -> "no new ZooKeeper leader within " + timeout.toSeconds() + " s");
    }

    private Optional<String> mode(int id) {
        return ZooKeeperModes.of(addresses.get(id));
    }
}
