package dev.netfault.agent.api;

import dev.netfault.agent.faults.FaultService;
import dev.netfault.agent.telemetry.FaultMetrics;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;
import java.util.function.Supplier;

/** The agent's own routes: {@code GET/DELETE /faults}, {@code GET /healthz}, {@code GET /metrics}. */
final class AgentRoutes {

    private final FaultService faults;
    private final Supplier<FaultMetrics> metrics;

    AgentRoutes(FaultService faults, FaultMetrics metrics) {
        this(faults, () -> metrics);
        Objects.requireNonNull(metrics, "metrics");
    }

    /** {@code metrics} is asked for at each scrape: {@code serve} may still be building it when the server binds. */
    AgentRoutes(FaultService faults, Supplier<FaultMetrics> metrics) {
        this.faults = Objects.requireNonNull(faults, "faults");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    Call list() {
        return () -> ApiResponse.json(HttpResponseStatus.OK, faults.list().stream().map(FaultJson::view).toList());
    }

    /** The kill switch: stops everything and lists what was stopped. */
    Call stopAll() {
        return () -> ApiResponse.json(HttpResponseStatus.OK, faults.stopAll().stream().map(FaultJson::fault).toList());
    }

    Call health() {
        return () -> ApiResponse.json(HttpResponseStatus.OK, FaultJson.health(faults.health()));
    }

    Call metrics() {
        return () -> ApiResponse.text(FaultMetrics.CONTENT_TYPE, metrics.get().scrape(faults.list()));
    }
}
