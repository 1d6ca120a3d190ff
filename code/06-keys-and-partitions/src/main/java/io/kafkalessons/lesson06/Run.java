package io.kafkalessons.lesson06;

import java.util.ArrayList;
import java.util.List;

/** Records sent one after another to the same partition. */
record Run(int partition, int length) {

    /** Consecutive equal partitions, as runs: [0, 0, 2] is (0 x2), (2 x1). */
    static List<Run> of(List<Integer> partitions) {
        List<Run> runs = new ArrayList<>();
        for (int p : partitions) {
            int last = runs.size() - 1;
            if (last >= 0 && runs.get(last).partition() == p) {
                runs.set(last, new Run(p, runs.get(last).length() + 1));
            } else {
                runs.add(new Run(p, 1));
            }
        }
        return runs;
    }
}
