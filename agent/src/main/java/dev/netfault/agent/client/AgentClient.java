package dev.netfault.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A small HTTP client for a netfault agent (or any ECS-compatible fault endpoint): JSON in and out, the bearer token
 * when one is set, and errors turned into {@link AgentException} carrying the agent's {@code Error} message.
 *
 * <p>{@code new AgentClient(URI.create("http://127.0.0.1:51680"), Optional.empty()).post("/fault/v1/network-latency/status", Map.of())}
 */
public final class AgentClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient http;

    public AgentClient(URI base, Optional<String> token) {
        this(base, token, Duration.ofSeconds(10));
    }

    public AgentClient(URI base, Optional<String> token, Duration timeout) {
        Objects.requireNonNull(base, "base");
        String scheme = base.getScheme();
        if (base.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new IllegalArgumentException("agent: '" + base + "' (expected: an http URL such as http://127.0.0.1:51680)");
        }
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    public URI base() {
        return base;
    }

    /** POSTs {@code body} as JSON; an empty map sends no body, as the ECS stop/status routes expect. */
    public JsonNode post(String path, Map<String, ?> body) throws InterruptedException {
        HttpRequest.BodyPublisher publisher;
        if (body.isEmpty()) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else {
            try {
                publisher = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("body: cannot be written as JSON: " + e.getMessage(), e);
            }
        }
        return send(request(path).header("Content-Type", "application/json").POST(publisher), path);
    }

    public JsonNode get(String path) throws InterruptedException {
        return send(request(path).GET(), path);
    }

    public JsonNode delete(String path) throws InterruptedException {
        return send(request(path).DELETE(), path);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private JsonNode send(HttpRequest.Builder builder, String path) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new AgentException("cannot reach the agent at " + base + " (connection refused): is `netfault serve` running"
                    + " there? Set --agent or $NETFAULT_AGENT", e);
        } catch (HttpTimeoutException e) {
            throw new AgentException("the agent at " + base + " did not answer " + path + " within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new AgentException("cannot reach the agent at " + base + ": " + describe(e), e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new AgentException(response.statusCode(), errorText(response.statusCode(), body));
        }
        return body;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return TextNode.valueOf(text.strip());
        }
    }

    private static String errorText(int status, JsonNode body) {
        JsonNode error = body.isObject() ? body.get("Error") : null;
        String detail = error != null ? error.asText() : body.isTextual() ? body.asText() : body.toString();
        if (detail.isBlank()) {
            detail = "no message";
        }
        return "agent answered " + status + ": " + detail;
    }
}
