package dev.netfault.agent.platform;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The effective capability mask from a {@code /proc/<pid>/status} text, the one place that reads it: {@code serve --mode
 * auto} picks a mode by it, {@code doctor}, {@code demo} and {@code plan} report or require CAP_NET_ADMIN by it.
 *
 * <p>{@code CapEff.of(Files.readString(Path.of("/proc/self/status"))).map(CapEff::netAdmin)}
 *
 * @param mask the hexadecimal mask as the kernel prints it, e.g. {@code 000001ffffffffff}
 */
public record CapEff(String mask) {

    /** The bit of CAP_NET_ADMIN in the mask. */
    public static final int CAP_NET_ADMIN = 12;
    private static final Pattern LINE = Pattern.compile("(?m)^CapEff:\\s*([0-9a-fA-F]+)\\s*$");

    public CapEff {
        if (mask == null || !mask.matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException("mask: '" + mask + "' (expected: hexadecimal digits)");
        }
    }

    /** The mask of the first {@code CapEff:} line, or empty when the text has none (or only a malformed one). */
    public static Optional<CapEff> of(String procStatus) {
        Matcher m = LINE.matcher(procStatus);
        return m.find() ? Optional.of(new CapEff(m.group(1))) : Optional.empty();
    }

    /** The text of {@code /proc/self/status}, or empty when it cannot be read (then it has no CapEff line). */
    public static String selfStatus() {
        try {
            return Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return "";
        }
    }

    /** True when the mask has CAP_NET_ADMIN (bit 12). */
    public boolean netAdmin() {
        return new BigInteger(mask, 16).testBit(CAP_NET_ADMIN);
    }
}
