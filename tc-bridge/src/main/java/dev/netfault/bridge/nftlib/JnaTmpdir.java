package dev.netfault.bridge.nftlib;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where JNA may unpack its native part ({@code libjnidispatch.so}, deleted once loaded): a writable directory on a
 * file system that allows exec, since a {@code dlopen} from a {@code noexec} mount fails. Left to JNA's default
 * ({@code ~/.cache/JNA/temp}) when {@code jna.tmpdir} is set already or no candidate fits; a read-only image usually
 * still has the state directory's volume or a tmpfs {@code /tmp}.
 */
final class JnaTmpdir {

    private JnaTmpdir() {
    }

    static void choose(List<Path> candidates, String mounts) {
        if (System.getProperty("jna.tmpdir") != null) {
            return;
        }
        candidates.stream().filter(d -> usable(d, mounts)).findFirst()
                .ifPresent(d -> System.setProperty("jna.tmpdir", d.toString()));
    }

    static boolean usable(Path dir, String mounts) {
        return Files.isDirectory(dir) && Files.isWritable(dir) && !mountOf(dir.toAbsolutePath(), mounts)
                .map(options -> List.of(options.split(",")).contains("noexec")).orElse(false);
    }

    /** The options of the longest mount point in {@code /proc/self/mounts} text that holds {@code dir}. */
    static Optional<String> mountOf(Path dir, String mounts) {
        String best = null;
        String options = null;
        for (String line : mounts.split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 4) {
                continue;
            }
            String point = f[1].replace("\\040", " ");
            if (dir.startsWith(Path.of(point)) && (best == null || point.length() > best.length())) {
                best = point;
                options = f[3];
            }
        }
        return Optional.ofNullable(options);
    }

    static String mounts() {
        try {
            return Files.readString(Path.of("/proc/self/mounts"));
        } catch (IOException e) {
            return "";
        }
    }
}
