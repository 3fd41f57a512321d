package dev.netfault.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.agent.client.AgentClient;
import dev.netfault.agent.client.AgentException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --wait}: polls the fault's status until it is no longer running, drawing a progress bar on standard error.
 * A shutdown hook (Ctrl-C, SIGTERM) sends the fault's stop before the CLI exits, so nothing outlives the operator.
 */
final class FaultWaiter {

    private static final int BAR = 30;

    private final AgentClient client;
    private final FaultRoute route;
    private final String label;
    private final Map<String, Object> stopBody;
    private final PrintWriter err;
    private final Duration tick;

    FaultWaiter(AgentClient client, FaultRoute route, String label, Map<String, Object> stopBody, PrintWriter err,
                Duration tick) {
        this.client = client;
        this.route = route;
        this.label = label;
        this.stopBody = stopBody;
        this.err = err;
        this.tick = tick;
    }

    /** True when the fault ended by itself (expired or stopped elsewhere). */
    boolean await(Optional<Duration> duration) throws InterruptedException {
        Instant start = Instant.now();
        Optional<Duration> total = duration.isPresent() ? duration : expiryFromAgent(start);
        Thread revert = new Thread(this::revertOnExit, "netfault-revert");
        Runtime.getRuntime().addShutdownHook(revert);
        try {
            while (true) {
                Thread.sleep(tick.toMillis());
                String status = FaultActions.status(client.post(route.path("status"), stopBody));
                Duration elapsed = Duration.between(start, Instant.now());
                if (!"running".equals(status)) {
                    err.println("\r" + bar(total.orElse(elapsed), total.orElse(elapsed)) + " " + label + ": " + status);
                    err.flush();
                    return true;
                }
                err.print("\r" + bar(elapsed, total.orElse(Duration.ZERO)) + " " + label + ": running ");
                err.flush();
            }
        } catch (AgentException e) {
            err.println();
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(revert);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook runs and reverts the fault
            }
        }
    }

    private Optional<Duration> expiryFromAgent(Instant start) throws InterruptedException {
        try {
            for (JsonNode f : FaultTable.faults(client.get("/faults"))) {
                String kind = FaultTable.text(f, "type", "kind");
                String expires = FaultTable.text(f, "expiresAt", "expires");
                if (route.kind().equals(kind) && !expires.isEmpty()) {
                    return Optional.of(Duration.between(start, Instant.parse(expires)));
                }
            }
        } catch (AgentException | java.time.format.DateTimeParseException e) {
            // an ECS agent has no /faults: wait without a known end
        }
        return Optional.empty();
    }

    private void revertOnExit() {
        try {
            String status = FaultActions.status(client.post(route.path("stop"), stopBody));
            err.println();
            err.println(label + ": " + status + " (reverted on exit)");
        } catch (AgentException e) {
            err.println();
            err.println("netfault: could not revert " + label + " on exit: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.flush();
    }

    /** {@code [##########..........]  20s/60s}; with no known total, the elapsed time alone. */
    static String bar(Duration elapsed, Duration total) {
        if (total.isZero() || total.isNegative()) {
            return "[" + ".".repeat(BAR) + "] " + elapsed.getSeconds() + "s";
        }
        long filled = Math.min(BAR, elapsed.toMillis() * BAR / total.toMillis());
        return "[" + "#".repeat((int) filled) + ".".repeat(BAR - (int) filled) + "] "
                + Math.min(elapsed.getSeconds(), total.getSeconds()) + "s/" + total.getSeconds() + "s";
    }
}
