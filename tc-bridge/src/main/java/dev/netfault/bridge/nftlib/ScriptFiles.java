package dev.netfault.bridge.nftlib;

import java.io.IOException;

/**
 * Where an {@code nft -f -} script is put for {@code nft_run_cmd_from_filename}: reading a file, the library words
 * its errors as the binary does ({@code FILE:3:26-29: Error: ...} with the offending line); from a buffer, 1.0.6
 * shows the wrong line. Production uses a memfd ({@link Memfd}).
 */
interface ScriptFiles {

    ScriptFile create(String text) throws IOException;

    /** A script file readable by path until closed. */
    interface ScriptFile extends AutoCloseable {
        String path();

        @Override
        void close();
    }

    /** An in-memory file ({@code memfd_create}), read back through {@code /proc/self/fd/N}: nothing on disk. */
    final class Memfd implements ScriptFiles {
        private final LibC libc;

        Memfd(LibC libc) {
            this.libc = libc;
        }

        @Override
        public ScriptFile create(String text) throws IOException {
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int fd;
            try {
                fd = libc.memfd_create("netfault-nft", LibC.MFD_CLOEXEC);
            } catch (com.sun.jna.LastErrorException e) {
                throw new IOException("memfd_create: " + e.getMessage(), e);
            }
            try {
                for (int done = 0; done < bytes.length; ) {
                    byte[] rest = done == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, done, bytes.length);
                    done += (int) libc.write(fd, rest, rest.length);
                }
            } catch (com.sun.jna.LastErrorException e) {
                libc.close(fd);
                throw new IOException("write to memfd: " + e.getMessage(), e);
            }
            String path = "/proc/self/fd/" + fd;
            return new ScriptFile() {
                @Override
                public String path() {
                    return path;
                }

                @Override
                public void close() {
                    libc.close(fd);
                }
            };
        }
    }
}
