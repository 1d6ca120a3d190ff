package io.kafkalessons.lesson16;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One instance of the lesson's Streams application, as its own process: {@code ViewsApp id port
 * stateDir key=value...}. Besides processing, it answers a few questions over HTTP on loopback,
 * as a real service would: its tasks, what it restored, and the count of one user (an
 * interactive query of its state store).
 */
public final class ViewsApp {

    private final KafkaStreams streams;
    private final RestoreTally restored = new RestoreTally();
    private final String endpoint;

    private ViewsApp(AppSettings settings, int id, int port, Path stateDir) {
        this.endpoint = "127.0.0.1:" + port;
        Properties config = settings.streamsConfig(stateDir);
        // tag::instance[]
        // Where other instances (and the lesson) reach this one for interactive queries.
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint);
        // Static membership: a restarted instance takes its old place in the group at once, without a rebalance.
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), settings.applicationId() + "-" + id);
        // end::instance[]
        this.streams = new KafkaStreams(ViewsTopology.build(new ViewsTopology.Names(settings.applicationId())), config);
        streams.setGlobalStateRestoreListener(restored);
    }

    public static void main(String[] args) throws IOException {
        int id = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        AppSettings settings = AppSettings.parse(Arrays.asList(args).subList(3, args.length));
        ViewsApp app = new ViewsApp(settings, id, port, Path.of(args[2]));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        app.routes(server);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            app.streams.close();
        }, "views-app-shutdown"));
        app.streams.start();
        System.out.println("instance " + id + " of " + settings.applicationId() + " started; HTTP on " + app.endpoint);
    }

    private void routes(HttpServer server) {
        answer(server, "/state", () -> streams.state().name());
        answer(server, "/tasks", this::tasks);
        answer(server, "/restored", restored::describe);
        answer(server, "/lag", () -> Long.toString(streams.allLocalStorePartitionLags().values().stream()
                .flatMap(byPartition -> byPartition.values().stream()).mapToLong(l -> l.offsetLag()).sum()));
        server.createContext("/count/", exchange -> reply(exchange, () -> count(exchange.getRequestURI().getPath()
                .substring("/count/".length()))));
    }

    /** {@code active=0_0,1_0 standby=0_1}: the tasks this instance runs, and those it keeps a copy of. */
    private String tasks() {
        TreeSet<String> active = new TreeSet<>();
        TreeSet<String> standby = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(t -> active.add(t.taskId().toString()));
            thread.standbyTasks().forEach(t -> standby.add(t.taskId().toString()));
        }
        return "active=" + String.join(",", active) + " standby=" + String.join(",", standby);
    }

    // tag::query[]
    /** The user's count from this instance's store, or where the instance that has it can be reached. */
    private String count(String user) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(ViewsTopology.USER_STORE, user, Serdes.String().serializer());
        String ownerEndpoint = owner.activeHost().host() + ":" + owner.activeHost().port();
        if (!ownerEndpoint.equals(endpoint)) {
            return "elsewhere " + ownerEndpoint;
        }
        ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                ViewsTopology.USER_STORE, QueryableStoreTypes.keyValueStore()));
        Long count = store.get(user);
        return "here " + (count == null ? 0 : count);
    }
    // end::query[]

    private static void answer(HttpServer server, String path, Supplier<String> body) {
        server.createContext(path, exchange -> reply(exchange, body));
    }

    /** The answer, or 503 and the reason (e.g. the store is not queryable during a rebalance). */
    private static void reply(HttpExchange exchange, Supplier<String> body) throws IOException {
        int status = 200;
        String text;
        try {
            text = body.get();
        } catch (RuntimeException e) {
            status = 503;
            text = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static List<String> arguments(AppSettings settings, int id, int port, Path stateDir) {
        List<String> args = new java.util.ArrayList<>(List.of(Integer.toString(id), Integer.toString(port), stateDir.toString()));
        args.addAll(settings.arguments());
        return args;
    }
}
