package dev.netfault.agent.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time: both sides are hashed first, so neither the content
 * nor the length of the token leaks through response timing.
 */
final class BearerAuth {

    private static final String PREFIX = "Bearer ";
    private final byte[] expected;

    BearerAuth(String token) {
        this.expected = sha256(token);
    }

    boolean allows(String authorization) {
        String presented = authorization != null && authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? authorization.substring(PREFIX.length()).trim() : "";
        boolean match = MessageDigest.isEqual(expected, sha256(presented));
        return match && !presented.isEmpty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
