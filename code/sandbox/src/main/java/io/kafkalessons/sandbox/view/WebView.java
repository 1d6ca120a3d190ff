package io.kafkalessons.sandbox.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kafkalessons.sandbox.KafkaCluster;
import io.kafkalessons.sandbox.Ports;
import io.kafkalessons.sandbox.ZooKeeperEnsemble;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The workshop view: a page on 127.0.0.1 that shows a real cluster as it changes, about once a
 * second (server-sent events), with buttons to kill, pause, resume and restart the nodes the
 * sandbox owns and a small traffic generator. On a cluster the sandbox does not own it is read-only.
 * Built on the JDK's own HTTP server; the page is three static files with no build step.
 *
 * <p>Routes: {@code /} the page; {@code /api/state} the latest {@link Snapshot} as JSON;
 * {@code /api/events} the same as a stream; {@code POST /api/nodes/KEY/ACTION} and
 * {@code POST /api/traffic/start|stop}, answered with {@code {"ok":..,"message":..}}.
 */
public final class WebView implements AutoCloseable {

    /** The port tried first; when it is taken the system picks a free one. */
    public static final int DEFAULT_PORT = 8090;
    static final Duration PERIOD = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final Admin admin;
    private final ReplicaOffsets replicaOffsets = new ReplicaOffsets();
    private final Timeline timeline = new Timeline();
    private final Optional<Traffic> traffic;
    private final NodeActions actions;
    private final StateReader reader;
    private final Thread poller;
    private volatile Snapshot latest;
    private volatile boolean open = true;

    private WebView(Target target, int port) throws IOException {
        Properties props = new Properties();
        props.putAll(target.clientConfig());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap());
        // Short timeouts: the page must go on showing a cluster that half answers.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "workshop-view");
        admin = Admin.create(props);
        traffic = target.kafka().map(k -> new Traffic(admin, target.bootstrap(), target.clientConfig()));
        actions = new NodeActions(target.kafka(), target.zk(), traffic, timeline);
        reader = new StateReader(admin, target.bootstrap(), target.kafka(), target.zk(), replicaOffsets);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "view-http");
            t.setDaemon(true);
            return t;
        });
        server = bind(port);
        server.setExecutor(threads);
        server.createContext("/", this::page);
        server.createContext("/api/state", exchange -> send(exchange, 200, "application/json", json(latest)));
        server.createContext("/api/events", this::events);
        server.createContext("/api/nodes/", exchange -> act(exchange, () -> actions.node(exchange.getRequestURI().getPath())));
        server.createContext("/api/traffic/", exchange -> act(exchange, () -> actions.traffic(exchange.getRequestURI().getPath())));
        latest = reader.read(null, trafficView(), timeline.events());
        poller = new Thread(this::poll, "view-poller");
        poller.setDaemon(true);
        poller.start();
        server.start();
    }

    /**
     * What the view watches: a cluster's address and client settings, and the sandbox's own
     * clusters when it started them (then the page can act on their nodes).
     */
    public record Target(String bootstrap, Properties clientConfig, Optional<KafkaCluster> kafka, Optional<ZooKeeperEnsemble> zk) {

        /** A sandbox the view may act on. */
        public static Target owned(KafkaCluster kafka, Optional<ZooKeeperEnsemble> zk) {
            return new Target(kafka.bootstrapServers(), kafka.clientConfig(), Optional.of(kafka), zk);
        }

        /** Someone else's cluster: shown, never touched. */
        public static Target readOnly(String bootstrap, Properties clientConfig) {
            return new Target(bootstrap, clientConfig, Optional.empty(), Optional.empty());
        }
    }

    /** Starts the view on {@code port} of 127.0.0.1, or on a free port when that one is taken (0: any free port). */
    public static WebView start(Target target, int port) {
        try {
            return new WebView(target, port);
        } catch (IOException e) {
            throw new IllegalStateException("the workshop view could not start: " + e.getMessage(), e);
        }
    }

    private static HttpServer bind(int port) throws IOException {
        try {
            return HttpServer.create(new InetSocketAddress(Ports.HOST, port), 50);
        } catch (BindException taken) {
            return HttpServer.create(new InetSocketAddress(Ports.HOST, 0), 50);
        }
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8090/}. */
    public String url() {
        return "http://" + Ports.HOST + ":" + server.getAddress().getPort() + "/";
    }

    /** The latest reading of the cluster (what the page shows now). */
    public Snapshot latest() {
        return latest;
    }

    private Snapshot.TrafficView trafficView() {
        return traffic.map(Traffic::view).orElse(new Snapshot.TrafficView(false, false, Traffic.TOPIC, 0, 0, 0));
    }

    private void poll() {
        while (open) {
            long started = System.nanoTime();
            try {
                Snapshot next = reader.read(latest, trafficView(), List.of());
                timeline.compare(latest, next);
                latest = withEvents(next);
            } catch (RuntimeException e) {
                timeline.add(System.currentTimeMillis(), "problem", "reading the cluster failed: " + e.getMessage());
            }
            long rest = PERIOD.toMillis() - (System.nanoTime() - started) / 1_000_000;
            try {
                Thread.sleep(Math.max(50, rest));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Snapshot withEvents(Snapshot s) {
        return new Snapshot(s.millis(), s.bootstrap(), s.owned(), s.nodes(), s.partitions(), s.groups(), s.rates(),
                s.traffic(), s.problems(), timeline.events());
    }

    private void page(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String file = path.equals("/") ? "index.html" : path.substring(1);
        Map<String, String> types = Map.of("index.html", "text/html", "view.js", "text/javascript", "view.css", "text/css");
        if (!types.containsKey(file)) {
            send(exchange, 404, "text/plain", "no such page: " + path);
            return;
        }
        try (InputStream in = WebView.class.getResourceAsStream(file)) {
            if (in == null) {
                send(exchange, 500, "text/plain", "the page's file " + file + " is missing from the build");
                return;
            }
            send(exchange, 200, types.get(file), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Server-sent events: the latest snapshot whenever it changes, until the page goes away. */
    private void events(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            Snapshot sent = null;
            while (open) {
                Snapshot now = latest;
                if (now != sent) {
                    out.write(("data: " + json(now) + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sent = now;
                }
                Thread.sleep(100);
            }
        } catch (IOException | InterruptedException gone) {
            // the page was closed or the view is closing
        }
    }

    private void act(HttpExchange exchange, NodeActions.Action action) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "application/json", json(Map.of("ok", false, "message", "use POST")));
            return;
        }
        // Another web page open in the same browser may not press the buttons: a browser names the page
        // a request comes from (Origin) and the address it was sent to (Host); curl sends no Origin.
        String own = Ports.HOST + ":" + server.getAddress().getPort();
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if ((origin != null && !origin.equals("http://" + own)) || (host != null && !host.equals(own))) {
            send(exchange, 403, "application/json", json(Map.of("ok", false,
                    "message", "actions are taken only from the view's own page, at http://" + own + "/")));
            return;
        }
        NodeActions.Outcome outcome = action.run();
        // The page shows the node's new state at once, not after the next full read (which waits on the nodes gone).
        latest = withEvents(reader.withFreshNodes(latest));
        send(exchange, outcome.status(), "application/json", json(Map.of("ok", outcome.status() == 200, "message", outcome.message())));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        open = false;
        poller.interrupt();
        server.stop(0);
        traffic.ifPresent(Traffic::close);
        replicaOffsets.close();
        admin.close(Duration.ZERO);
        threads.shutdownNow();
    }
}
