package io.kafkalessons.lesson16;

import io.kafkalessons.sandbox.lesson.Narrator;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

import java.util.TreeSet;

/** Kafka Streams' own description of the topology, one line per sub-topology. */
final class TopologySummary {

    private TopologySummary() {
    }

    /** Prints what each sub-topology reads, keeps and writes; returns how many there are. */
    static int print(Topology topology, Narrator narrator) {
        TopologyDescription description = topology.describe();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            TreeSet<String> reads = new TreeSet<>();
            TreeSet<String> stores = new TreeSet<>();
            TreeSet<String> writes = new TreeSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    reads.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                } else if (node instanceof TopologyDescription.Sink sink) {
                    writes.add(sink.topic());
                }
            }
            narrator.say("topology", "sub-topology %d: reads %s", sub.id(), String.join(", ", reads));
            narrator.say("topology", "    keeps %s", String.join(", ", stores));
            narrator.say("topology", "    writes %s", String.join(", ", writes));
        }
        return description.subtopologies().size();
    }

    /** The state stores of each sub-topology, by its id. */
    static java.util.Map<Integer, java.util.Set<String>> stores(Topology topology) {
        java.util.Map<Integer, java.util.Set<String>> stores = new java.util.TreeMap<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            TreeSet<String> names = new TreeSet<>();
            sub.nodes().stream().filter(n -> n instanceof TopologyDescription.Processor)
                    .forEach(n -> names.addAll(((TopologyDescription.Processor) n).stores()));
            stores.put(sub.id(), names);
        }
        return stores;
    }
}
