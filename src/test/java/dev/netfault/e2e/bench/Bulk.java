package dev.netfault.e2e.bench;

import dev.netfault.e2e.AgentClient;
import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.testing.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A {@link BulkTransfer} server running in a namespace, and the client run that measures throughput to it. */
final class Bulk implements AutoCloseable {

    private final Process process;

    private Bulk(Process process) {
        this.process = process;
    }

    static Bulk server(Netns ns, int port) throws IOException {
        Process p = new ProcessBuilder(argv(ns, "server", Integer.toString(port)))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = r.readLine();
        if (!"ready".equals(first)) {
            p.destroyForcibly();
            throw new IllegalStateException("BulkTransfer server in " + ns.name() + " did not start: " + first);
        }
        return new Bulk(p);
    }

    /** Sends for {@code millis} from {@code from} to {@code host:port}; Gbit/s. */
    static double throughput(Netns from, String host, int port, long millis) throws InterruptedException {
        Command c = Command.of(argv(from, "client", host, Integer.toString(port), Long.toString(millis)));
        CommandResult r = new ProcessCommandRunner().run(c, Duration.ofMillis(millis).plusSeconds(30));
        if (!r.ok()) {
            throw new CommandFailedException(c, r);
        }
        String[] f = r.stdout().trim().split(" ");
        return Long.parseLong(f[1]) * 8.0 / Long.parseLong(f[3]);
    }

    private static String[] argv(Netns ns, String... args) {
        String[] head = {"ip", "netns", "exec", ns.name(), AgentClient.javaBinary(), "-XX:+UseSerialGC", "-Xmx64m", "-cp",
            AgentClient.classpath(), BulkTransfer.class.getName()};
        String[] all = new String[head.length + args.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(args, 0, all, head.length, args.length);
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // gone
        }
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(3, TimeUnit.SECONDS);
        }
    }
}
