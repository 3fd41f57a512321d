package dev.netfault.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One request to the agent and its answer: the bearer token, the request timeout, JSON in and out, and the one place
 * where a non-200 answer becomes a {@link NetfaultException} (409: {@link FaultConflictException}).
 */
final class AgentHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final Optional<String> token;
    private final Duration timeout;

    AgentHttp(HttpClient http, URI base, Optional<String> token, Duration timeout) {
        this.http = http;
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.token = token;
        this.timeout = timeout;
    }

    String base() {
        return base;
    }

    /** Sends {@code method path} with an optional JSON body; returns the 200 answer's JSON. */
    JsonNode send(String method, String path, Map<String, Object> body) {
        String request = method + " " + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new NetfaultException(request + ": no answer from " + base + " within " + timeout, e);
        } catch (IOException e) {
            throw new NetfaultException(request + ": cannot reach the agent at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetfaultException(request + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw error(request, response.statusCode(), response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new NetfaultException(request, response.statusCode(), "not JSON: " + response.body());
        }
    }

    private static NetfaultException error(String request, int status, String body) {
        String message = body.strip();
        try {
            JsonNode error = JSON.readTree(body).get("Error");
            if (error != null && error.isTextual()) {
                message = error.asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON (the 429 is text/plain): the body itself is the message
        }
        return status == 409 ? new FaultConflictException(request, message)
                : new NetfaultException(request, status, message);
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body, e);
        }
    }
}
