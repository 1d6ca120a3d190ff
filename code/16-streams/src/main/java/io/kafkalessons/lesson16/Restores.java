package io.kafkalessons.lesson16;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an instance has restored from changelog topics since it started: records per store, and the
 * time spent restoring. Parsed from its {@code /restored} answer ({@code records=N millis=M store=N ...}).
 */
record Restores(long millis, Map<String, Long> byStore) {

    static Restores parse(String answer) {
        long millis = 0;
        Map<String, Long> byStore = new TreeMap<>();
        for (String part : answer.split(" ")) {
            String name = part.substring(0, part.indexOf('='));
            long value = Long.parseLong(part.substring(part.indexOf('=') + 1));
            if (name.equals("millis")) {
                millis = value;
            } else if (!name.equals("records")) {
                byStore.put(name, value);
            }
        }
        return new Restores(millis, Map.copyOf(byStore));
    }

    long records() {
        return byStore.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What was restored after {@code earlier}. */
    Restores since(Restores earlier) {
        Map<String, Long> byStore = new TreeMap<>(this.byStore);
        earlier.byStore.forEach((store, count) -> byStore.merge(store, -count, Long::sum));
        return new Restores(millis - earlier.millis, Map.copyOf(byStore));
    }
}
