package io.kafkalessons.lesson16;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The lesson's Kafka Streams application: page views of a web shop, keyed by user, turned into four
 * results. Every step of the DSL is one line here; {@code ViewsTopologyTest} checks each of them
 * without a broker, and the lesson runs the same topology on a real cluster.
 */
public final class ViewsTopology {

    /**
     * The topics of one application, all named after its application id: each run of the lesson
     * (baseline, crash, failover) is an application of its own, with its own input and output.
     */
    public record Names(String app) {
        /** Input: key = user ("u03"), value = the path viewed ("/cart"), timestamp = when it was viewed. */
        public String views() {
            return app + "-views";
        }

        /** Input, read as a table: key = user, value = the user's country. */
        public String users() {
            return app + "-users";
        }

        public String perUser() {
            return app + "-views-per-user";
        }

        public String perPage() {
            return app + "-views-per-page";
        }

        public String perWindow() {
            return app + "-views-per-window";
        }

        public String withCountry() {
            return app + "-views-with-country";
        }

        public List<String> outputs() {
            return List.of(perUser(), perPage(), perWindow(), withCountry());
        }
    }

    public static final String USER_STORE = "views-per-user";
    public static final String PAGE_STORE = "views-per-page";
    public static final String WINDOW_STORE = "views-per-window";
    public static final String USERS_STORE = "users";
    /** Names the repartition topic: {@code <application.id>-by-page-repartition}. */
    public static final String BY_PAGE = "by-page";

    public static final Duration WINDOW = Duration.ofSeconds(10);
    public static final Duration GRACE = Duration.ofSeconds(5);
    /** Requests from the load balancer's health check, not from people. */
    public static final String HEALTH_CHECK = "/health";

    private ViewsTopology() {
    }

    public static Topology build(Names names) {
        StreamsBuilder builder = new StreamsBuilder();
        // tag::topology[]
        KStream<String, String> views = builder.stream(names.views(), Consumed.with(Serdes.String(), Serdes.String()));
        KStream<String, String> pages = views
                .filter((user, path) -> !HEALTH_CHECK.equals(path))      // drop the health checks
                .mapValues(path -> path.substring(1));                   // "/cart" -> "cart"

        // A count per user: the key is already the user, so no repartition.
        pages.groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as(USER_STORE))
                .toStream().to(names.perUser(), Produced.with(Serdes.String(), Serdes.Long()));

        // A count per page: a new key, so the records go through a repartition topic first.
        pages.groupBy((user, page) -> page, Grouped.with(BY_PAGE, Serdes.String(), Serdes.String()))
                .count(Materialized.as(PAGE_STORE))
                .toStream().to(names.perPage(), Produced.with(Serdes.String(), Serdes.Long()));

        // Views per user in tumbling 10 s windows; a record more than 5 s behind the window's end is dropped.
        pages.groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, GRACE))
                .count(Materialized.as(WINDOW_STORE))
                .toStream((window, count) -> window.key() + "@" + Instant.ofEpochMilli(window.window().start()))
                .to(names.perWindow(), Produced.with(Serdes.String(), Serdes.Long()));

        // Each view with the viewer's country: a stream-table join on the user.
        KTable<String, String> users = builder.table(names.users(), Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.as(USERS_STORE));
        pages.join(users, (page, country) -> page + " from " + country)
                .to(names.withCountry(), Produced.with(Serdes.String(), Serdes.String()));
        // end::topology[]
        return builder.build();
    }
}
