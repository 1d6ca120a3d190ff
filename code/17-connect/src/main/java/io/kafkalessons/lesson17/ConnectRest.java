package io.kafkalessons.lesson17;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kafkalessons.sandbox.lesson.Narrator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Kafka Connect's REST API, called the way {@code curl} would, with every call and the gist of its
 * answer narrated. The only way the lesson manages connectors: create, status, pause, resume,
 * restart, delete, offsets.
 */
final class ConnectRest {

    /** An answer: the HTTP status and the JSON body (a missing node when there is none). */
    record Reply(int status, JsonNode body) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** The REST API's own error message, on one line, without the list of every plugin it may append. */
        String error() {
            String message = body.path("message").asText(body.toString());
            for (String tail : new String[] {"\n", ", available connectors are"}) {
                int end = message.indexOf(tail);
                message = end < 0 ? message : message.substring(0, end);
            }
            return message;
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Narrator narrator;

    ConnectRest(Narrator narrator) {
        this.narrator = narrator;
    }

    Reply get(String url, String path) {
        return call("GET", url, path, null, false);
    }

    /** A GET the lesson repeats while it waits: not narrated. */
    Reply peek(String url, String path) {
        return call("GET", url, path, null, true);
    }

    Reply post(String url, String path, Object body) {
        return call("POST", url, path, body, false);
    }

    Reply put(String url, String path, Object body) {
        return call("PUT", url, path, body, false);
    }

    Reply delete(String url, String path) {
        return call("DELETE", url, path, null, false);
    }

    /** Task 0 of connector {@code name}, from its status, not narrated (the lesson polls it). */
    JsonNode task(String url, String name) {
        return peek(url, "/connectors/" + name + "/status").body().path("tasks").path(0);
    }

    /** {@code POST /connectors} with the connector's name and config, as the API expects them. */
    Reply create(String url, String name, Map<String, String> config) {
        return post(url, "/connectors", Map.of("name", name, "config", config));
    }

    private Reply call(String method, String url, String path, Object body, boolean quiet) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + path)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .method(method, publisher).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(response.statusCode(), parse(response.body()));
            if (!quiet) {
                narrator.say("REST", "%s %s -> %d %s", method, path, reply.status(), gist(reply));
            }
            return reply;
        } catch (IOException e) {
            throw new IllegalStateException("the Connect worker at " + url + " did not answer " + method + " " + path
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + url + path, e);
        }
    }

    /** {@code task 0 RUNNING on 127.0.0.1:41234}, from a status answer. */
    private static String state(String what, JsonNode status) {
        return what + " " + status.path("state").asText() + " on " + status.path("worker_id").asText();
    }

    private static JsonNode parse(String text) throws JsonProcessingException {
        return text == null || text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
    }

    /** The answer, shortened to what a learner needs to see on one line. */
    private static String gist(Reply reply) {
        if (reply.body().isMissingNode()) {
            return "";
        }
        if (!reply.ok()) {
            return reply.error();
        }
        JsonNode tasks = reply.body().path("tasks");
        if (reply.body().has("connector") && tasks.isArray()) {
            StringBuilder status = new StringBuilder(state("connector", reply.body().path("connector")));
            tasks.forEach(t -> status.append(", ").append(state("task " + t.path("id").asInt(), t)));
            return status.toString();
        }
        String text = reply.body().toString();
        return text.length() <= 110 ? text : text.substring(0, 107) + "...";
    }
}
