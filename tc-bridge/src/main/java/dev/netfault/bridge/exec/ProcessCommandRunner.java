package dev.netfault.bridge.exec;

import dev.netfault.bridge.plan.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs commands as child processes with {@link ProcessBuilder}: argv only, never a shell. */
public final class ProcessCommandRunner implements CommandRunner {

    @Override
    public CommandResult run(Command command, Duration timeout) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        pb.environment().putAll(command.env());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new CommandResult(127, "", command.program() + ": " + e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (command.stdin() != null) {
                in.write(command.stdin().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process exited before reading its input; its exit code and stderr tell why
        }
        boolean done;
        try {
            done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        if (!done) {
            p.destroyForcibly();
            p.waitFor(1, TimeUnit.SECONDS);
            return new CommandResult(CommandResult.TIMED_OUT, join(out), "timed out after " + timeout.toMillis() + " ms");
        }
        return new CommandResult(p.exitValue(), join(out), join(err));
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                s.transferTo(b);
                return b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String join(CompletableFuture<String> f) throws InterruptedException {
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return "";
        }
    }
}
