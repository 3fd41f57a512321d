package dev.netfault.e2e.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one argv command inside the guest and returns its stdout; a non-zero exit is an {@link IllegalStateException}. */
final class Sh {
    private Sh() {
    }

    static String run(String... argv) {
        Result result = tryRun(argv);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("'" + String.join(" ", argv) + "' failed (exit " + result.exitCode() + "): "
                    + result.stderr().strip());
        }
        return result.stdout();
    }

    static Result tryRun(String... argv) {
        try {
            Process process = new ProcessBuilder(List.of(argv)).start();
            process.getOutputStream().close();
            var stderr = new java.util.concurrent.CompletableFuture<String>();
            Thread drain = new Thread(() -> {
                try {
                    stderr.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    stderr.complete(e.toString());
                }
            });
            drain.start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", argv) + "' timed out");
            }
            drain.join();
            return new Result(process.exitValue(), stdout, stderr.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + String.join(" ", argv) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + String.join(" ", argv) + "'", e);
        }
    }

    /** What a finished command left behind. */
    record Result(int exitCode, String stdout, String stderr) {
    }
}
