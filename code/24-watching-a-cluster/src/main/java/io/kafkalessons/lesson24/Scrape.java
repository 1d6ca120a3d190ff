package io.kafkalessons.lesson24;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One read of a node's {@code /metrics}, as Prometheus does it: an HTTP GET, a line per sample
 * ({@code name{labels} value}). A node that does not answer within two seconds is "down" for this
 * scrape, exactly what Prometheus records as {@code up == 0}.
 */
final class Scrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private Scrape() {
    }

    /**
     * Every sample of the page by its series ({@code name} or {@code name{labels}}); empty when the
     * node did not answer. Asynchronous, so that every node is scraped at the same moment.
     */
    static CompletableFuture<Optional<Map<String, Double>>> of(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> response.statusCode() == 200
                        ? Optional.of(parse(response.body())) : Optional.<Map<String, Double>>empty())
                .exceptionally(failure -> Optional.empty());
    }

    /** The samples of a page in Prometheus's text format; a value Java cannot read as a number is left out. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String value = line.substring(space + 1);
            switch (value) {
                case "+Inf" -> samples.put(line.substring(0, space), Double.POSITIVE_INFINITY);
                case "-Inf" -> samples.put(line.substring(0, space), Double.NEGATIVE_INFINITY);
                default -> {
                    try {
                        samples.put(line.substring(0, space), Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        // Not a sample this lesson reads (its series are plain numbers); one odd line must not hide the node.
                    }
                }
            }
        }
        return samples;
    }
}
