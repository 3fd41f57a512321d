package dev.netfault.agent.api;

import dev.netfault.agent.faults.ConflictException;
import dev.netfault.agent.faults.NotRunningException;
import dev.netfault.agent.faults.RateLimitedException;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.plan.ForeignQdiscException;
import dev.netfault.bridge.plan.SlotTakenException;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one place that maps exceptions to HTTP answers, as the {@link dev.netfault.agent.faults.FaultService} contract
 * lists them. {@code operation} is the ECS agent's request type, e.g. {@code start network-latency}: timeouts and
 * failed commands name it ({@code start network-latency: request timed out}). Never a stack trace.
 */
public final class ErrorTable {

    private ErrorTable() {
    }

    public static ApiResponse toResponse(String operation, Throwable error) {
        if (error instanceof ConflictException || error instanceof SlotTakenException) {
            return ApiResponse.ecsError(HttpResponseStatus.CONFLICT, error.getMessage());
        }
        if (error instanceof NotRunningException) {
            return ApiResponse.ecsError(HttpResponseStatus.NOT_FOUND, error.getMessage());
        }
        if (error instanceof RateLimitedException) {
            return rateLimited();
        }
        if (error instanceof UnsupportedFaultException || error instanceof ForeignQdiscException) {
            return ApiResponse.ecsError(HttpResponseStatus.BAD_REQUEST, error.getMessage());
        }
        if (error instanceof IllegalArgumentException) {
            return ApiResponse.ecsError(HttpResponseStatus.BAD_REQUEST, error.getMessage());
        }
        if (error instanceof TimeoutException) {
            return ApiResponse.ecsError(HttpResponseStatus.INTERNAL_SERVER_ERROR, operation + ": request timed out");
        }
        if (error instanceof CommandFailedException) {
            return ApiResponse.ecsError(HttpResponseStatus.INTERNAL_SERVER_ERROR, operation + ": " + error.getMessage());
        }
        if (error instanceof RejectedExecutionException) {
            return ApiResponse.ecsError(HttpResponseStatus.SERVICE_UNAVAILABLE, operation + ": agent busy, retry later");
        }
        if (error instanceof InterruptedException) {
            return ApiResponse.ecsError(HttpResponseStatus.SERVICE_UNAVAILABLE, operation + ": agent shutting down");
        }
        String why = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return ApiResponse.ecsError(HttpResponseStatus.INTERNAL_SERVER_ERROR, operation + ": internal error: " + why);
    }

    /** The ECS agent's 429: {@code text/plain} {@code You have reached maximum request limit}. */
    public static ApiResponse rateLimited() {
        return new ApiResponse(HttpResponseStatus.TOO_MANY_REQUESTS, "text/plain; charset=utf-8",
                RateLimitedException.ECS_MESSAGE.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of());
    }
}
