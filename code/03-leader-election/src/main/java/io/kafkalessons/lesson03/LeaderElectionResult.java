package io.kafkalessons.lesson03;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;

/**
 * What lesson 3 observed.
 *
 * @param candidates              candidates in the hand-written recipe
 * @param recipeLeaders           who led, in order, as the recipe's leaders resigned one by one
 * @param notifiedPerFailover     how many candidates were woken up by each resignation
 * @param failovers               forced failovers of Curator's LeaderLatch (the leader's session expired)
 * @param overlapsWhenStopping    writes the fenced store accepted from an older leader after a newer one
 * @param staleWritesRefused      writes the fenced store refused because a newer leader had written
 * @param medianFailoverMillis    median time from the expiry until another participant led
 * @param naiveFailovers          forced failovers with leaders that finish their current batch first
 * @param naiveOverlapsPerFailover per failover, writes an unfenced store accepted from an older leader after a newer one
 */
public record LeaderElectionResult(int candidates, List<Integer> recipeLeaders, List<Integer> notifiedPerFailover,
                                   int failovers, int overlapsWhenStopping, int staleWritesRefused, long medianFailoverMillis,
                                   int naiveFailovers, List<Integer> naiveOverlapsPerFailover) implements LessonResult {

    /** All naive overlaps together. */
    public int overlapsWhenNaive() {
        return naiveOverlapsPerFailover.stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public String summary() {
        return "recipeLeaders=" + recipeLeaders + " notifiedPerFailover=" + notifiedPerFailover
                + " latchFailovers=" + failovers + " overlapsFenced=" + overlapsWhenStopping
                + " naiveFailovers=" + naiveFailovers + " naiveOverlaps=" + naiveOverlapsPerFailover;
    }

    @Override
    public boolean asExpected() {
        return recipeLeaders.equals(java.util.stream.IntStream.range(0, candidates).boxed().toList())
                && notifiedPerFailover.stream().allMatch(n -> n == 1)
                && failovers >= 20 && overlapsWhenStopping == 0
                && naiveFailovers > 0 && naiveOverlapsPerFailover.size() == naiveFailovers
                && naiveOverlapsPerFailover.stream().allMatch(n -> n > 0);
    }
}
