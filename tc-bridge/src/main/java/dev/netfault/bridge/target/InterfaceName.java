package dev.netfault.bridge.target;

import java.util.regex.Pattern;

/** A Linux network interface name: 1-15 characters, no slash, whitespace or colon, not "." or "..". */
public record InterfaceName(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

    public InterfaceName {
        if (value == null || !VALID.matcher(value).matches() || value.equals(".") || value.equals("..")
                || value.startsWith("-")) {
            throw new IllegalArgumentException("interface: '" + value
                    + "' (expected: a Linux interface name, 1-15 characters of letters, digits, '_', '.', '-', '@')");
        }
    }

    public static InterfaceName of(String value) {
        return new InterfaceName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
