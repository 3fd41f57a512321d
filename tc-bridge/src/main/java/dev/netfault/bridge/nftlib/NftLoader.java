package dev.netfault.bridge.nftlib;

import dev.netfault.bridge.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts libnftables in front of a runner when it can be loaded, and says which way {@code nft} commands go:
 * {@code nft in-process (libnftables)} or {@code nft process (<why not the library>)}. It falls back to the process
 * when the library or JNA's native part cannot be loaded (no libnftables1, a read-only temporary directory, a libc
 * without {@code setns}), or the namespace cannot be entered.
 *
 * <pre>{@code
 * NftLoader.Loaded nft = NftLoader.load(new NetnsRunner(new ProcessCommandRunner(), netns), netns, stateDir);
 * LOG.info(nft.path());
 * }</pre>
 */
public final class NftLoader {

    public static final String IN_PROCESS = "nft in-process (libnftables)";
    public static final String PROCESS = "nft process";

    private static final Logger LOG = LoggerFactory.getLogger(NftLoader.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);

    private NftLoader() {
    }

    /** The runner commands go through, and how {@code nft} commands run in it. */
    public record Loaded(CommandRunner runner, String path) {
        public Loaded {
            Objects.requireNonNull(runner, "runner");
            Objects.requireNonNull(path, "path");
        }

        public boolean inProcess() {
            return runner instanceof NftRunner;
        }
    }

    /**
     * {@code delegate} with {@code nft} commands run by libnftables on a thread in {@code netns} (or in ours when
     * empty), or {@code delegate} alone when that cannot be; logs once which. JNA unpacks its native part in the
     * temporary directory, or in {@code scratch} when that is not writable or is {@code noexec} (a read-only image).
     */
    public static Loaded load(CommandRunner delegate, Optional<Path> netns, Optional<Path> scratch)
            throws InterruptedException {
        Loaded loaded = tryLoad(delegate, netns, scratch);
        LOG.info("{}{}", loaded.path(), netns.map(p -> " for namespace " + p).orElse(""));
        return loaded;
    }

    private static Loaded tryLoad(CommandRunner delegate, Optional<Path> netns, Optional<Path> scratch)
            throws InterruptedException {
        try {
            chooseTmpdir(scratch);
            LibC libc = LibC.load();
            NftLibrary lib = NftLibrary.load();
            NftWorker.Namespace enter = netns.<NftWorker.Namespace>map(p -> new NftWorker.Namespace() {
                @Override
                public void enter() {
                    NftLoader.enter(libc, p);
                }

                @Override
                public long identity() throws IOException {
                    return (Long) Files.getAttribute(p, "unix:ino");
                }
            }).orElse(() -> { });
            String name = "netfault-nft" + netns.map(p -> "-" + p.getFileName()).orElse("");
            NftWorker worker = NftWorker.start(lib, enter, TableDeletes::nfnetlink, new ScriptFiles.Memfd(libc),
                    name, START_TIMEOUT);
            NftRunner.Zone zone = new NftRunner.Zone(System.getenv("TZ"), LibC.localZoneIsUtc(libc));
            return new Loaded(new NftRunner(delegate, worker, zone), IN_PROCESS);
        } catch (LinkageError | RuntimeException e) {
            return new Loaded(delegate, PROCESS + " (libnftables not usable: " + e.getMessage() + ")");
        }
    }

    private static void enter(LibC libc, Path netns) {
        int fd = libc.open(netns.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        try {
            libc.setns(fd, LibC.CLONE_NEWNET);
        } finally {
            libc.close(fd);
        }
    }

    private static void chooseTmpdir(Optional<Path> scratch) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.io.tmpdir")));
        scratch.ifPresent(candidates::add);
        JnaTmpdir.choose(candidates, JnaTmpdir.mounts());
    }
}
