package dev.netfault.e2e.bench;

import dev.netfault.e2e.AgentClient;
import dev.netfault.bridge.testing.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link LoadDriver} in a namespace against the agent's loopback port and parses what it prints. */
final class Load {

    /** One request of a batch and its answer; times are the driver's {@code System.nanoTime()}. */
    record Result(int index, String request, int status, long startNs, long endNs, String body) {
        double millis() {
            return (endNs - startNs) / 1e6;
        }
    }

    private Load() {
    }

    static List<Result> batch(Netns ns, int clients, List<String> requests) throws InterruptedException {
        return batch(ns, clients, requests, 0);
    }

    /** The first {@code warmup} requests are sent (and answered) before the others, by the same driver. */
    static List<Result> batch(Netns ns, int clients, List<String> requests, int warmup) throws InterruptedException {
        List<String> out = run(ns, requests, BenchSetup.BASE, "batch", Integer.toString(clients),
                Integer.toString(warmup));
        List<Result> results = new ArrayList<>();
        for (String line : out) {
            String[] f = line.split("\t", 5);
            int i = Integer.parseInt(f[0]);
            results.add(new Result(i, requests.get(i), Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    f.length > 4 ? f[4] : ""));
        }
        if (results.size() != requests.size()) {
            throw new IllegalStateException("LoadDriver answered " + results.size() + " of " + requests.size());
        }
        return results;
    }

    /** {@code requests N failures F p50us X p99us Y} as numbers: N, F, p50 µs, p99 µs. */
    static long[] storm(Netns ns, int clients, long millis, String paths) throws InterruptedException {
        List<String> out = run(ns, List.of(), BenchSetup.BASE, "storm", Integer.toString(clients), Long.toString(millis),
                paths);
        String[] f = out.get(out.size() - 1).split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[3]), Long.parseLong(f[5]), Long.parseLong(f[7])};
    }

    private static List<String> run(Netns ns, List<String> stdin, String... args) throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), AgentClient.javaBinary(),
                "-XX:+UseSerialGC", "-Xmx256m", "-cp", AgentClient.classpath(), LoadDriver.class.getName()));
        argv.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                for (String line : stdin) {
                    w.write(line + "\n");
                }
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            }
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("LoadDriver " + String.join(" ", args) + " failed: " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
