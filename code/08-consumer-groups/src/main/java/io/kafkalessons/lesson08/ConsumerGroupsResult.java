package io.kafkalessons.lesson08;

import io.kafkalessons.sandbox.lesson.LessonResult;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What lesson 8 observed.
 *
 * @param groups             one row per group size (1, 4 and 6 consumers on 4 partitions)
 * @param secondGroupRead    records a second, independent group read from the same topic
 * @param firstGroupCommittedAfter the first group's committed offsets (summed) after the second group read
 * @param patternTopics      topics a pattern subscription was assigned, sorted
 * @param patternRead        records that consumer read from them
 * @param committedAfterSixty committed offsets (summed over partitions) after processing 60 records
 * @param lagAfterSixty      end offsets minus committed offsets, summed
 * @param resumedRead        records a restarted member of the same group read
 * @param resumedOverlap     of those, records the first member had already processed
 * @param autoCommit         auto commit, processing fails at one record: what was committed and skipped
 * @param manualCommit       manual commit after each processed record: the same
 */
public record ConsumerGroupsResult(List<GroupRun> groups, int secondGroupRead, long firstGroupCommittedAfter,
                                   List<String> patternTopics, int patternRead,
                                   long committedAfterSixty, long lagAfterSixty, int resumedRead, int resumedOverlap,
                                   CommitRun autoCommit, CommitRun manualCommit) implements LessonResult {

    /**
     * One group's assignment.
     *
     * @param members             consumers in the group
     * @param partitionsPerMember how many partitions each member got, largest first
     * @param recordsRead         records the whole group read
     */
    public record GroupRun(int members, List<Integer> partitionsPerMember, int recordsRead) {

        public long idle() {
            return partitionsPerMember.stream().filter(n -> n == 0).count();
        }
    }

    /**
     * A consumer whose processing fails at one record, then a restart of the same group.
     *
     * @param processed   records processed before the failure
     * @param committed   the offset the group had committed when it restarted
     * @param skipped     records never processed: between the failure and the committed offset
     */
    public record CommitRun(int processed, long committed, long skipped) {
    }

    public GroupRun group(int members) {
        return groups.stream().filter(g -> g.members() == members).findFirst().orElseThrow();
    }

    @Override
    public String summary() {
        String assignments = groups.stream()
                .map(g -> g.partitionsPerMember().stream().map(String::valueOf).collect(Collectors.joining("+")))
                .collect(Collectors.joining(";"));
        return "partitionsPerMember=" + assignments + " idleOf6=" + group(6).idle()
                + " secondGroupRead=" + secondGroupRead + " pattern=" + patternTopics.size() + "topics/" + patternRead
                + " committed=" + committedAfterSixty + " lag=" + lagAfterSixty
                + " resumed=" + resumedRead + "(overlap " + resumedOverlap + ")"
                + " autoCommitSkipped=" + autoCommit.skipped() + " manualCommitSkipped=" + manualCommit.skipped();
    }

    @Override
    public boolean asExpected() {
        return group(1).partitionsPerMember().equals(List.of(4))
                && group(4).partitionsPerMember().equals(List.of(1, 1, 1, 1))
                && group(6).partitionsPerMember().equals(List.of(1, 1, 1, 1, 0, 0))
                && groups.stream().allMatch(g -> g.recordsRead() == ConsumerGroupsLesson.RECORDS)
                && secondGroupRead == ConsumerGroupsLesson.RECORDS
                && firstGroupCommittedAfter == ConsumerGroupsLesson.RECORDS
                && patternTopics.size() == 2 && patternRead == 2 * ConsumerGroupsLesson.EVENT_RECORDS
                && committedAfterSixty == 60 && lagAfterSixty == ConsumerGroupsLesson.RECORDS - 60
                && resumedRead == ConsumerGroupsLesson.RECORDS - 60 && resumedOverlap == 0
                && autoCommit.skipped() > 0 && manualCommit.skipped() == 0;
    }
}
