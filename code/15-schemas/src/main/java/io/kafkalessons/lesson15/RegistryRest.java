package io.kafkalessons.lesson15;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkalessons.lesson15.SchemasResult.Verdict;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's own REST API (Apicurio Registry v3), called in plain view: what a serializer does
 * for you when it registers a schema, and what a platform team does when it sets a rule.
 */
final class RegistryRest {

    /** The group the serdes put their artifacts in unless told otherwise. */
    static final String GROUP = "default";

    /** The two ids a registered schema version gets. */
    record Ids(long globalId, long contentId) {
    }

    private static final Pattern CONTENT_FETCHES = Pattern.compile(
            "rest_requests_seconds_count\\{method=\"GET\",path=\"/apis/registry/v3/ids/contentIds/\\{contentId}\","
                    + "status_code_group=\"2xx\"} ([0-9.E]+)");

    private final String api;
    private final String ccompat;
    private final String managementUrl;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param url        the registry's base address
     * @param managementUrl its management port: readiness, and the metrics where it counts the requests it served
     */
    RegistryRest(String url, String managementUrl) {
        this.api = url + "/apis/registry/v3";
        this.ccompat = url + "/apis/ccompat/v7";
        this.managementUrl = managementUrl;
    }

    /** The address the serdes are given. */
    String apiUrl() {
        return api;
    }

    /** Creates an artifact whose first version is {@code schema}. */
    Verdict createArtifact(String artifactId, String type, String schema) throws IOException, InterruptedException {
        Map<String, Object> body = Map.of("artifactId", artifactId, "artifactType", type,
                "firstVersion", Map.of("content", content(schema)));
        return send("POST", api + "/groups/" + GROUP + "/artifacts", body);
    }

    /** Sets the artifact's COMPATIBILITY rule (BACKWARD, FORWARD, FULL, ...). */
    Verdict setCompatibility(String artifactId, String rule) throws IOException, InterruptedException {
        return send("POST", api + "/groups/" + GROUP + "/artifacts/" + artifactId + "/rules",
                Map.of("ruleType", "COMPATIBILITY", "config", rule));
    }

    /** Asks to add {@code schema} as the artifact's next version; the rules run first. */
    Verdict addVersion(String artifactId, String schema) throws IOException, InterruptedException {
        return send("POST", api + "/groups/" + GROUP + "/artifacts/" + artifactId + "/versions",
                Map.of("content", content(schema)));
    }

    /**
     * The same registration through the registry's Confluent-compatible API, as a client written for
     * Confluent's Schema Registry would send it ({@code subject} is the artifact id).
     */
    Verdict registerConfluentStyle(String subject, String schema) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ccompat + "/subjects/" + subject + "/versions"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("schema", schema)))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String message = response.statusCode() / 100 == 2 ? "" : json.readTree(response.body()).path("message").asText();
        return new Verdict(response.statusCode(), message);
    }

    Verdict deleteArtifact(String artifactId) throws IOException, InterruptedException {
        return send("DELETE", api + "/groups/" + GROUP + "/artifacts/" + artifactId, null);
    }

    /** The ids of the artifact's newest version. */
    Ids latestIds(String artifactId) throws IOException, InterruptedException {
        JsonNode version = json.readTree(get(api + "/groups/" + GROUP + "/artifacts/" + artifactId + "/versions/branch=latest"));
        return new Ids(version.path("globalId").asLong(), version.path("contentId").asLong());
    }

    /** The schema text stored under a content id. */
    String schemaByContentId(long contentId) throws IOException, InterruptedException {
        return get(api + "/ids/contentIds/" + contentId);
    }

    /** How many times the registry has served a schema by content id, by its own count. */
    long contentFetches() throws IOException, InterruptedException {
        Matcher m = CONTENT_FETCHES.matcher(get(managementUrl + "/metrics"));
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * True when the registry says it is ready: its storage has read the journal, not only its HTTP
     * server up; false while it starts or when nothing listens there.
     */
    boolean ready() {
        try {
            get(managementUrl + "/health/ready");
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, String> content(String schema) {
        return Map.of("content", schema, "contentType", "application/json");
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private Verdict send(String method, String url, Object body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").method(method, publisher).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String message = "";
        if (response.statusCode() / 100 != 2 && !response.body().isBlank()) {
            JsonNode error = json.readTree(response.body());
            message = error.path("name").asText() + ": " + error.path("detail").asText(error.path("title").asText());
        }
        return new Verdict(response.statusCode(), message);
    }
}
