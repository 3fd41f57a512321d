package dev.netfault.bridge.plan;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The id of one applied fault: 8 lowercase hex digits. It is part of every kernel object the fault owns
 * ({@code NETFAULT-<id>} chains, {@code netfault:<id>} comments, {@code netfault_<id>} nft tables, {@code nf<id>} ifb links).
 */
public record FaultId(String value) {

    private static final Pattern VALID = Pattern.compile("[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public FaultId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("faultId: '" + value + "' (expected: 8 lowercase hex digits)");
        }
    }

    public static FaultId random() {
        return new FaultId(String.format("%08x", RANDOM.nextInt()));
    }

    @Override
    public String toString() {
        return value;
    }
}
