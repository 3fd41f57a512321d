package dev.netfault.agent.faults;

/**
 * A request refused by a rate limit (the ECS agent's one request per 5 s per route, or netfault's own
 * {@code --rate-limit}): the API answers 429 with the ECS agent's text body, so a client retries as it would against
 * the platform.
 */
public class RateLimitedException extends RuntimeException {

    /** The ECS agent's 429 body, {@code text/plain}. */
    public static final String ECS_MESSAGE = "You have reached maximum request limit";

    public RateLimitedException(String message) {
        super(message);
    }
}
