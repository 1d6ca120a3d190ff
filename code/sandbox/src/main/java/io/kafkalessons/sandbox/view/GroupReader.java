package io.kafkalessons.sandbox.view;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The consumer groups as the view shows them: state, epoch, members with their partitions, and
 * lag (high watermark minus committed offset, over the partitions the view lists).
 */
final class GroupReader {

    /** The groups, and the sum of every committed offset (for the consumed rate). */
    record Groups(List<Snapshot.GroupView> groups, long committedTotal) {
    }

    private final Admin admin;

    GroupReader(Admin admin) {
        this.admin = admin;
    }

    /** The groups now; empty (and a line in {@code problems}) when they could not be read. */
    Optional<Groups> read(List<Snapshot.PartitionView> partitions, List<String> problems) {
        try {
            List<String> ids = admin.listGroups(new ListGroupsOptions().withTypes(Set.of(GroupType.CONSUMER, GroupType.CLASSIC)))
                    .all().get(StateReader.TIMEOUT_SECONDS, TimeUnit.SECONDS).stream().map(GroupListing::groupId).sorted().toList();
            if (ids.isEmpty()) {
                return Optional.of(new Groups(List.of(), 0));
            }
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(ids).all()
                    .get(StateReader.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> highWatermarks = new HashMap<>();
            partitions.forEach(p -> highWatermarks.put(p.name(), p.highWatermark()));
            List<Snapshot.GroupView> views = new ArrayList<>();
            long committedTotal = 0;
            for (String id : ids) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(id)
                        .partitionsToOffsetAndMetadata().get(StateReader.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                long lag = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                    if (e.getValue() != null) {
                        committedTotal += e.getValue().offset();
                        long end = highWatermarks.getOrDefault(e.getKey().toString(), -1L);
                        lag += end < 0 ? 0 : Math.max(0, end - e.getValue().offset());
                    }
                }
                views.add(view(described.get(id), lag));
            }
            return Optional.of(new Groups(views, committedTotal));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            problems.add("the consumer groups could not be read (" + e.getClass().getSimpleName() + "); shown as last read");
        }
        return Optional.empty();
    }

    private static Snapshot.GroupView view(ConsumerGroupDescription group, long lag) {
        List<Snapshot.Member> members = group.members().stream()
                .sorted(Comparator.comparing(MemberDescription::clientId))
                .map(m -> new Snapshot.Member(m.clientId(), m.assignment().topicPartitions().stream()
                        .map(TopicPartition::toString).sorted().toList()))
                .toList();
        return new Snapshot.GroupView(group.groupId(), group.groupState().toString().toLowerCase(Locale.ROOT),
                group.type().toString().toLowerCase(Locale.ROOT), group.groupEpoch().orElse(-1), members, lag);
    }
}
