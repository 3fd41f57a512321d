package dev.netfault.agent.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: status, content type, body, extra headers. ECS routes answer {@code {"Status":"running"}};
 * every error is {@code {"Error":"..."}}.
 */
public record ApiResponse(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";

    public ApiResponse {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(HttpResponseStatus status, Object value) {
        return new ApiResponse(status, JSON, Json.write(value), Map.of());
    }

    /** {@code {"Status":"running"}}, {@code "stopped"} or {@code "not-running"}. */
    public static ApiResponse status(String status) {
        return json(HttpResponseStatus.OK, Map.of("Status", status));
    }

    public static ApiResponse error(HttpResponseStatus status, String message) {
        return json(status, Map.of("Error", message));
    }

    /**
     * {@code {"Error":"..."}} byte for byte as the ECS agent's Go {@code json.Marshal} writes it ({@code <} as
     * {@code \u003c}, {@code \b}, lower-case hex): the answers of the fault routes.
     */
    public static ApiResponse ecsError(HttpResponseStatus status, String message) {
        return new ApiResponse(status, JSON, ("{\"Error\":" + GoQuote.json(message) + "}").getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    public static ApiResponse text(String contentType, String body) {
        return new ApiResponse(HttpResponseStatus.OK, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, contentType, body, h);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
