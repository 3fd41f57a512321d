package dev.netfault.bridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Real kernel output captured on a Linux 6.18 box by {@code src/test/resources/captured/capture.sh}. */
public final class Captured {

    private Captured() {
    }

    public static String read(String file) {
        try (InputStream in = Captured.class.getResourceAsStream("/captured/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no captured file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
