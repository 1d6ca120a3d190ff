package io.kafkalessons.lesson16;

import io.kafkalessons.sandbox.AppProcesses;
import io.kafkalessons.sandbox.Faults;
import io.kafkalessons.sandbox.Poll;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Instances of the Streams application, each its own JVM, and the lesson's way to ask them things
 * over HTTP. The settings can change between starts (the crash step restarts with another commit
 * interval); closing kills whatever still runs.
 */
final class Deployment implements AutoCloseable {

    /** Measured here: an instance is RUNNING about 3 s after its JVM starts; the bound is for slow machines. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final AppProcesses processes;
    private final AtomicReference<AppSettings> settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Up to {@code instances} instances of the application named by {@code names}; logs in logs/16-streams-&lt;name&gt;. */
    Deployment(ViewsTopology.Names names, AppSettings initial, int instances) {
        this.settings = new AtomicReference<>(initial);
        String logs = StreamsMain.INFO.folder() + "-" + names.app().substring(StreamsLesson.PREFIX.length());
        this.processes = AppProcesses.of(logs, ViewsApp.class.getName(), instances,
                (id, port, folder) -> ViewsApp.arguments(settings.get(), id, port, folder));
    }

    /** Starts instance {@code id} with the settings as they are now. */
    void start(int id) {
        processes.start(id);
    }

    void use(AppSettings next) {
        settings.set(next);
    }

    AppSettings settings() {
        return settings.get();
    }

    Faults faults() {
        return Faults.of(processes);
    }

    String endpoint(int id) {
        return "127.0.0.1:" + processes.instance(id).port();
    }

    /** The instance's answer to {@code path}, or why there is none. */
    String ask(int id, String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + endpoint(id) + path))
                    .timeout(Duration.ofSeconds(5)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "unreachable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Waits until the instance's answer to {@code path} passes {@code done}; returns that answer. */
    String await(int id, String path, Predicate<String> done, Duration timeout, String what) {
        AtomicReference<String> last = new AtomicReference<>("");
        Poll.until(timeout, Duration.ofMillis(100), () -> {
            processes.instance(id).checkNotCrashed();
            last.set(ask(id, path));
            return done.test(last.get());
        }, () -> "instance " + id + ": " + what + " (last answer to " + path + ": " + last.get() + "); see "
                + processes.instance(id).logFile());
        return last.get();
    }

    /** True, or an exception naming the instance's log if its process ended on its own. */
    boolean checkAlive(int id) {
        processes.instance(id).checkNotCrashed();
        return true;
    }

    /** Waits until the instance says it is RUNNING (it has joined the group and restored its state). */
    void awaitRunning(int id) {
        await(id, "/state", "RUNNING"::equals, START_TIMEOUT, "not RUNNING in " + START_TIMEOUT.toSeconds() + " s");
    }

    /** What the instance has restored from changelog topics since it started. */
    Restores restores(int id) {
        return Restores.parse(ask(id, "/restored"));
    }

    /** {@code value} of {@code name=value} in a space-separated answer. */
    static String field(String answer, String name) {
        for (String part : answer.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("no " + name + " in '" + answer + "'");
    }

    @Override
    public void close() {
        processes.close();
    }
}
