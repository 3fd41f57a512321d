package dev.netfault.agent.dns;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A DNS name given where an address was expected, e.g. {@code "Sources": ["db.internal.example"]}: letters, digits and
 * hyphens in labels of 1-63 characters, at most 253 in all, and not all-numeric (so a mistyped address such as
 * {@code 198.51.100.300} stays an error rather than a lookup).
 */
public record Hostname(String name) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public Hostname {
        name = name.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!valid(name)) {
            throw new IllegalArgumentException("hostname: '" + name + "' (expected: a DNS name such as db.example.com)");
        }
    }

    public static boolean isHostname(String text) {
        String n = text.toLowerCase(Locale.ROOT);
        return valid(n.endsWith(".") ? n.substring(0, n.length() - 1) : n);
    }

    private static boolean valid(String n) {
        if (n.isEmpty() || n.length() > 253 || n.chars().noneMatch(Character::isLetter)) {
            return false;
        }
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        String last = n.substring(n.lastIndexOf('.') + 1);
        return last.chars().anyMatch(Character::isLetter); // a TLD is never numeric
    }

    @Override
    public String toString() {
        return name;
    }
}
