package dev.netfault.agent.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends one {@link PlatformRequest} to {@code ${ECS_AGENT_URI}} (e.g. {@code http://169.254.170.2/api/<id>}) with
 * {@code java.net.http}: {@code POST}, {@code Content-Type: application/json}, a connect and a request deadline.
 */
public final class PlatformClient {

    /** The ECS agent gives each request 5 s; a little more so its own timeout answer reaches us. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(6);

    /** What the platform answered. {@code retryAfter} is its Retry-After header, when present and numeric. */
    public record Response(int status, String body, Optional<Duration> retryAfter) {
        public boolean ok() {
            return status == 200;
        }
    }

    private final URI base;
    private final HttpClient http;

    public PlatformClient(URI base) {
        Objects.requireNonNull(base, "base");
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    public URI base() {
        return base;
    }

    /** One attempt, no retry. */
    public Response send(PlatformRequest r) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + r.route()))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(r.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(r.body(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(resp.statusCode(), resp.body(), resp.headers().firstValue("Retry-After").flatMap(PlatformClient::seconds));
    }

    private static Optional<Duration> seconds(String v) {
        try {
            long s = Long.parseLong(v.strip());
            return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.min(s, 60)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP-date: fall back to our own backoff
        }
    }
}
