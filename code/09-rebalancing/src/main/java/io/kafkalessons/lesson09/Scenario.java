package io.kafkalessons.lesson09;

import io.kafkalessons.lesson09.RebalanceRecorder.Event;
import io.kafkalessons.lesson09.RebalanceRecorder.Timeline;
import io.kafkalessons.sandbox.Poll;
import io.kafkalessons.sandbox.lesson.Narrator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One scenario of lesson 9: the members polled in turn on one thread, a timeline of their
 * assignment callbacks, and the moments any member received records.
 */
final class Scenario {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    final Timeline timeline = new Timeline();
    private final List<Long> received = new ArrayList<>();
    private final Narrator narrator;

    Scenario(Narrator narrator) {
        this.narrator = narrator;
    }

    /** Polls the members until {@code done} holds; fails with {@code failure} after a minute. */
    void pollUntil(List<GroupMember> members, Poll.Check done, String failure) {
        Poll.until(TIMEOUT, Duration.ZERO, () -> {
            pollOnce(members);
            return done.holds();
        }, () -> failure);
    }

    /** Polls the members for {@code duration}, to see what happens next. */
    void pollFor(List<GroupMember> members, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            pollOnce(members);
        }
    }

    private void pollOnce(List<GroupMember> members) {
        for (GroupMember m : members) {
            if (m.poll(POLL) > 0) {
                received.add(timeline.now());
            }
        }
    }

    /** The longest stretch between {@code from} and {@code to} in which no member received a record. */
    long longestGap(long from, long to) {
        long longest = 0;
        long previous = from;
        for (long t : received) {
            if (t < from) {
                continue;
            }
            longest = Math.max(longest, t - previous);
            previous = t;
            if (t > to) {
                break;
            }
        }
        return longest;
    }

    /** Prints the callbacks since {@code from}, timed from {@code origin}. */
    void narrate(long from, long origin) {
        for (Event e : timeline.since(from)) {
            if (e.partitions().isEmpty()) {
                continue;
            }
            narrator.say("t=" + (e.atMillis() - origin) + " ms", "%s %s %s", e.member(),
                    e.kind().name().toLowerCase(Locale.ROOT), e.partitions());
        }
    }

    /** Each of the two members owns half the partitions, and together all of them. */
    static boolean balanced(GroupMember a, GroupMember b, int partitions) {
        Set<Integer> union = new HashSet<>(a.partitions());
        union.addAll(b.partitions());
        return a.partitions().size() == partitions / 2 && b.partitions().size() == partitions / 2 && union.size() == partitions;
    }
}
