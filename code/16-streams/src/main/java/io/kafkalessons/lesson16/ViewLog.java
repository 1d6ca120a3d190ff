package io.kafkalessons.lesson16;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The page views the lesson sends, the same every run (a fixed seed): one view every 100 ms of event
 * time, a health check every tenth record, now and then a visitor the users table does not know, and
 * at the end a few views that arrive late.
 */
final class ViewLog {

    /** Event time of the first view in the topology's unit test. */
    static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    static final Duration SPACING = Duration.ofMillis(100);
    /** Late, but inside the grace period: still counted in its window. */
    static final Duration SLIGHTLY_LATE = Duration.ofSeconds(3);
    static final int SLIGHTLY_LATE_VIEWS = 2;
    /** Views of the first window, sent at the very end: past window end plus grace, so dropped. */
    static final int TOO_LATE_VIEWS = 3;
    /** A visitor who is not in the users table: an inner join has nothing to join them with. */
    static final String UNKNOWN_USER = "u99";

    static final Map<String, String> COUNTRIES = countries();
    private static final List<String> PAGES = List.of("/home", "/search", "/cart", "/checkout");
    private static final long SEED = 16;

    /** One page view as the producer sends it. */
    record View(String user, String path, long timestamp) {
    }

    private ViewLog() {
    }

    private static Map<String, String> countries() {
        List<String> codes = List.of("NL", "DE", "FR", "PL", "ES", "IT", "SE", "NL", "DE", "FR");
        Map<String, String> countries = new LinkedHashMap<>();
        for (int i = 0; i < codes.size(); i++) {
            countries.put(String.format("u%02d", i), codes.get(i));
        }
        return Map.copyOf(countries);
    }

    /**
     * Where the lesson's event time starts: ten minutes ago, on a whole minute (so windows begin with
     * it). Not a fixed date: a broker deletes records older than its retention (7 days by default)
     * by their timestamps, whole partitions at once.
     */
    static Instant recentStart() {
        return Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }

    /** {@code regular} views from {@code startTime} on, in event-time order, then the late ones. */
    static List<View> views(int regular, Instant startTime) {
        Random random = new Random(SEED);
        List<String> users = List.copyOf(new java.util.TreeSet<>(COUNTRIES.keySet()));
        List<View> views = new ArrayList<>();
        long start = startTime.toEpochMilli();
        for (int i = 0; i < regular; i++) {
            String user = i % 25 == 24 ? UNKNOWN_USER : users.get(random.nextInt(users.size()));
            String path = i % 10 == 9 ? ViewsTopology.HEALTH_CHECK : PAGES.get(random.nextInt(PAGES.size()));
            views.add(new View(user, path, start + i * SPACING.toMillis()));
        }
        long last = start + (regular - 1) * SPACING.toMillis();
        for (int i = 0; i < SLIGHTLY_LATE_VIEWS; i++) {
            views.add(new View(users.get(i), PAGES.get(0), last - SLIGHTLY_LATE.toMillis()));
        }
        for (int i = 0; i < TOO_LATE_VIEWS; i++) {
            views.add(new View(users.get(i), PAGES.get(0), start + 1000 + i));
        }
        return List.copyOf(views);
    }
}
