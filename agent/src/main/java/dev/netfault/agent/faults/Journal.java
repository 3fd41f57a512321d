package dev.netfault.agent.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.bridge.plan.FaultId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The agent's record of every fault it applies, one JSON file per fault in the state directory ({@code <id>.json}).
 * Each write goes to a temporary file that is fsynced and then atomically renamed over the entry, and the directory is
 * fsynced, so a crash at any moment leaves either the old entry or the new one, never a torn file.
 *
 * <p>{@code new Journal(Path.of("/var/lib/netfault")).write(entry)}
 */
public final class Journal {

    private static final Pattern ENTRY = Pattern.compile("[0-9a-f]{8}\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    /** Opens (creating with mode 0700 if needed) the journal directory. */
    public Journal(Path dir) {
        this.dir = dir.toAbsolutePath();
        try {
            if (!Files.isDirectory(this.dir)) {
                Files.createDirectories(this.dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("state-dir: cannot create " + this.dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path file(FaultId id) {
        return dir.resolve(id.value() + ".json");
    }

    /** Durably records the entry, replacing any earlier version of it. */
    public void write(JournalEntry entry) {
        write(entry, true);
    }

    /**
     * Durably records several entries (a group of starts committed together): each file is written, fsynced and renamed
     * as by {@link #write}, then the directory is fsynced once for all of them.
     */
    public void writeAll(List<JournalEntry> entries) {
        for (JournalEntry e : entries) {
            write(e, false);
        }
        try {
            syncDir();
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot sync " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces an entry that is already durable (a phase change). The directory is not fsynced: after a crash the
     * entry is either the old or the new version, each complete, and the old one only makes reconcile more cautious.
     */
    public void update(JournalEntry entry) {
        write(entry, false);
    }

    private void write(JournalEntry entry, boolean syncDir) {
        write(entry, file(entry.applied().id()), syncDir);
    }

    /**
     * {@link JournalWarmUp}'s sample entry written as {@link #write} writes one (file and directory fsynced) to a file
     * whose name {@link #readAll} ignores, then deleted; returns the sample read back from it. Run before the first
     * start, it loads and links what the first durable write needs.
     */
    JournalEntry warmUp() {
        Path scratch = dir.resolve(".warm-up");
        JournalEntry sample = JournalWarmUp.sample();
        write(sample, scratch, true);
        try {
            return decode(Files.readAllBytes(scratch));
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot read " + scratch + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                LoggerFactory.getLogger(Journal.class).warn("journal: cannot delete {}: {}", scratch, e.toString());
            }
        }
    }

    private void write(JournalEntry entry, Path target, boolean syncDir) {
        FaultId id = entry.applied().id();
        Path tmp = dir.resolve("." + id.value() + ".json.tmp");
        try {
            byte[] bytes = encode(entry);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("state-dir " + dir + " does not support atomic rename", e);
            }
            if (syncDir) {
                syncDir();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** An entry's file contents. */
    static byte[] encode(JournalEntry entry) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JournalCodec.write(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot encode " + entry.applied().id().value(), e);
        }
    }

    /** An entry from its file contents. */
    static JournalEntry decode(byte[] file) {
        try {
            return JournalCodec.read(JSON.readTree(file));
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot decode an entry: " + e.getMessage(), e);
        }
    }

    /** Removes the entry; true when it existed. */
    public boolean delete(FaultId id) {
        try {
            boolean existed = Files.deleteIfExists(file(id));
            syncDir();
            return existed;
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot delete " + file(id) + ": " + e.getMessage(), e);
        }
    }

    /** Removes the entries (a group of faults reverted together), then fsyncs the directory once. */
    public void deleteAll(List<FaultId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        for (FaultId id : ids) {
            try {
                Files.deleteIfExists(file(id));
            } catch (IOException e) {
                throw new UncheckedIOException("journal: cannot delete " + file(id) + ": " + e.getMessage(), e);
            }
        }
        try {
            syncDir();
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot sync " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Every readable entry, plus the files that could not be read (renamed aside to {@code *.corrupt}). */
    public Contents readAll() {
        List<JournalEntry> entries = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json.tmp")) {
                    Files.deleteIfExists(f); // a write that never completed: its entry was never applied
                    continue;
                }
                if (!ENTRY.matcher(name).matches()) {
                    continue;
                }
                try {
                    entries.add(JournalCodec.read(JSON.readTree(f.toFile())));
                } catch (IOException | RuntimeException e) {
                    corrupt.add(name + ": " + e.getMessage());
                    Files.move(f, f.resolveSibling(name + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journal: cannot read " + dir + ": " + e.getMessage(), e);
        }
        return new Contents(entries, corrupt);
    }

    private void syncDir() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** What {@link #readAll()} found. */
    public record Contents(List<JournalEntry> entries, List<String> corrupt) {
        public Contents {
            entries = List.copyOf(entries);
            corrupt = List.copyOf(corrupt);
        }
    }
}
