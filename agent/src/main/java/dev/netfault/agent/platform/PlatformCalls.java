package dev.netfault.agent.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry policies of platform requests: once (status for a listing), within a budget (start), until answered
 * (reconcile's status) and until done (every stop). Every attempt is logged with its answer, so an operator can read the
 * timeline of a fault against a rate-limited platform.
 */
class PlatformCalls {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformCalls.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlatformClient client;
    private final Backoff backoff;

    PlatformCalls(PlatformClient client, Backoff backoff) {
        this.client = client;
        this.backoff = backoff;
    }

    /** One attempt; null when the platform could not be reached. */
    PlatformClient.Response once(PlatformRequest r) throws InterruptedException {
        try {
            return log(r, client.send(r), 1, null);
        } catch (IOException e) {
            LOG.warn("platform: POST {} unreachable: {}", r.route(), e.toString());
            return null;
        }
    }

    /** Retries 429s while the next wait still ends within {@code budget}; returns the last answer. */
    PlatformClient.Response within(PlatformRequest r, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        for (int attempt = 1; ; attempt++) {
            PlatformClient.Response resp;
            try {
                resp = client.send(r);
            } catch (IOException e) {
                throw unreachable(r, e);
            }
            Duration wait = backoff.delay(attempt, resp.retryAfter());
            if (resp.status() != 429 || System.nanoTime() + wait.toNanos() > deadline) {
                return log(r, resp, attempt, null);
            }
            log(r, resp, attempt, wait);
            Thread.sleep(wait.toMillis());
        }
    }

    /**
     * Retries 429s, 5xx and unreachable platforms until a 2xx or 4xx answer, an interrupt, or {@code patience} has
     * passed (then an {@link IllegalStateException}: the caller keeps the fault journalled and tries again later).
     */
    PlatformClient.Response untilAnswered(PlatformRequest r, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            try {
                PlatformClient.Response resp = client.send(r);
                if (resp.status() != 429 && resp.status() < 500) {
                    return log(r, resp, attempt, null);
                }
                retryAfter = resp.retryAfter();
                log(r, resp, attempt, backoff.delay(attempt, retryAfter));
            } catch (IOException e) {
                LOG.warn("platform: POST {} attempt {} unreachable ({}), retry in {} ms", r.route(), attempt, e,
                        backoff.delay(attempt, retryAfter).toMillis());
            }
            Duration wait = backoff.delay(attempt, retryAfter);
            if (System.nanoTime() + wait.toNanos() > deadline) {
                throw new IllegalStateException("the platform did not answer POST " + r.route() + " within "
                        + patience.toMillis() + " ms (" + attempt + " attempts); the fault stays journalled and is retried");
            }
            Thread.sleep(wait.toMillis());
        }
    }

    /** {@link #untilAnswered} that insists on a 200: a 4xx answer to a stop is a failure the caller must see. */
    void untilDone(PlatformRequest r, Duration patience) throws InterruptedException {
        PlatformClient.Response resp = untilAnswered(r, patience);
        if (!resp.ok()) {
            throw failed(r, resp);
        }
    }

    static boolean running(PlatformClient.Response resp) {
        return resp.ok() && "running".equals(field(resp.body(), "Status"));
    }

    /** The platform's {@code {"Error":"..."}} message, or its body. */
    static String error(PlatformClient.Response resp) {
        String e = field(resp.body(), "Error");
        return e == null ? resp.body().strip() : e;
    }

    static CommandFailedException failed(PlatformRequest r, PlatformClient.Response resp) {
        return new CommandFailedException(r.toCommand(), new CommandResult(resp.status(), resp.body(),
                "the platform answered " + resp.status() + ": " + error(resp)));
    }

    private static CommandFailedException unreachable(PlatformRequest r, IOException e) {
        return new CommandFailedException(r.toCommand(), new CommandResult(CommandResult.TIMED_OUT, "",
                "the platform is unreachable: " + e));
    }

    private static String field(String body, String name) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode v = n == null ? null : n.get(name);
            return v == null || !v.isTextual() ? null : v.asText();
        } catch (IOException e) {
            return null;
        }
    }

    private PlatformClient.Response log(PlatformRequest r, PlatformClient.Response resp, int attempt, Duration retryIn) {
        if (retryIn != null) {
            LOG.info("platform: POST {} attempt {} -> {}, retry in {} ms", r.route(), attempt, resp.status(), retryIn.toMillis());
        } else {
            LOG.info("platform: POST {} attempt {} -> {} {}", r.route(), attempt, resp.status(), resp.body().strip());
        }
        return resp;
    }
}
