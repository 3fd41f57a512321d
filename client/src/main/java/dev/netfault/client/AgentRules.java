package dev.netfault.client;

import java.math.BigInteger;

/**
 * The agent's validation messages, word for word, so that a value the client refuses reads as the agent's 400 would:
 * {@code invalid value 0 for parameter DurationSeconds (expected: 1-43200)}. A negative number for an unsigned field
 * reads as the agent's (Go-style) decoding error, which is what the agent answers when one is sent; the agent checks
 * those types in the order the fields appear in the JSON, before any other rule.
 */
final class AgentRules {

    static final long MAX_DURATION_SECONDS = 43_200;
    static final long MAX_DELAY_MS = 60_000;
    static final int MAX_BURST = 1000;
    static final int MAX_ADDRESSES = 10_000;
    private static final int MAX_ECHO = 128;

    private AgentRules() {
    }

    static IllegalArgumentException missing(String field) {
        return new IllegalArgumentException("required parameter " + field + " is missing");
    }

    /** The ECS agent's {@code invalid value %s for parameter %s}: the value whole, as the agent prints it. */
    static IllegalArgumentException invalid(Object value, String field) {
        return new IllegalArgumentException("invalid value " + value + " for parameter " + field);
    }

    static IllegalArgumentException invalid(Object value, String field, String expected) {
        return new IllegalArgumentException("invalid value " + echo(value) + " for parameter " + field
                + " (expected: " + expected + ")");
    }

    /** The agent's answer to a number its unsigned {@code bits}-bit field cannot hold (negative or too large). */
    static void requireUnsigned(long value, String struct, String field, int bits) {
        if (value < 0 || (bits < 64 && BigInteger.valueOf(value).bitLength() > bits)) {
            throw new IllegalArgumentException("json: cannot unmarshal number " + value + " into Go struct field "
                    + struct + "." + field + " of type uint" + bits);
        }
    }

    /** As {@link #requireUnsigned(long, String, String, int)} for an optional uint64 field; null: not sent, no check. */
    static void requireUnsignedIfSet(Number value, String struct, String field) {
        if (value != null) {
            requireUnsigned(value.longValue(), struct, field, 64);
        }
    }

    /** {@code value} when inside {@code min..max}, else the agent's message with the expected range. */
    static long ranged(long value, String struct, String field, long min, long max) {
        requireUnsigned(value, struct, field, 64);
        if (value < min || value > max) {
            throw invalid(value, field, min + "-" + max);
        }
        return value;
    }

    private static String echo(Object value) {
        String s = String.valueOf(value);
        return s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...";
    }
}
