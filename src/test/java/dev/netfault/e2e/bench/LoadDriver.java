package dev.netfault.e2e.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many HTTP clients at once inside the agent's namespace ({@code ip netns exec NS java -cp ... LoadDriver ...}).
 *
 * <ul>
 *   <li>{@code LoadDriver BASE batch CLIENTS [WARMUP]}: reads {@code METHOD PATH [BODY]} lines until EOF, then sends
 *       them all from CLIENTS threads at once — the first WARMUP of them first, and the rest once all of those are
 *       answered (so the agent's and this JVM's code is compiled and the connections are made before the rest);
 *       prints {@code INDEX<TAB>STATUS<TAB>START_NS<TAB>END_NS<TAB>BODY} per request (status 0 when the connection
 *       failed; newlines in bodies become spaces).</li>
 *   <li>{@code LoadDriver BASE storm CLIENTS MILLIS PATH[,PATH...]}: CLIENTS threads GET the paths round-robin for
 *       MILLIS; prints {@code requests N failures F p50us X p99us Y}.</li>
 * </ul>
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String base = args[0];
        int clients = Integer.parseInt(args[2]);
        if (args[1].equals("storm")) {
            storm(out, base, clients, Long.parseLong(args[3]), args[4].split(","));
        } else {
            batch(out, base, clients, args.length > 3 ? Integer.parseInt(args[3]) : 0);
        }
        out.flush();
    }

    private static void batch(PrintStream out, String base, int clients, int warmup) throws Exception {
        List<String> lines = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String l = in.readLine(); l != null; l = in.readLine()) {
            lines.add(l);
        }
        String[] results = new String[lines.size()];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        send(pool, clients, base, lines, 0, Math.min(warmup, lines.size()), results);
        send(pool, clients, base, lines, Math.min(warmup, lines.size()), lines.size(), results);
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        for (String r : results) {
            out.println(r);
        }
    }

    /** Sends lines [from, to) from {@code clients} threads of {@code pool} at once; returns when all are answered. */
    private static void send(ExecutorService pool, int clients, String base, List<String> lines, int from, int to,
                             String[] results) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                        String[] p = lines.get(i).split(" ", 3);
                        long t0 = System.nanoTime();
                        String[] r = call(base, p[0], p[1], p.length > 2 ? p[2] : null);
                        results[i] = i + "\t" + r[0] + "\t" + t0 + "\t" + System.nanoTime() + "\t" + r[1];
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("requests " + from + "-" + to + " not answered in 10 minutes");
        }
    }

    private static void storm(PrintStream out, String base, int clients, long millis, String[] paths) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000L;
        AtomicLong failures = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] lat = new long[1 << 16];
            perThread.add(lat);
            int offset = c;
            Thread t = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < lat.length - 1) {
                    long t0 = System.nanoTime();
                    String[] r = call(base, "GET", paths[(offset + n) % paths.length], null);
                    if (!r[0].equals("200")) {
                        failures.incrementAndGet();
                    }
                    lat[++n] = (System.nanoTime() - t0) / 1000;
                }
                lat[0] = n;
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] all = perThread.stream().flatMapToLong(l -> Arrays.stream(l, 1, (int) l[0] + 1)).sorted().toArray();
        long p50 = all.length == 0 ? 0 : all[(all.length - 1) / 2];
        long p99 = all.length == 0 ? 0 : all[(int) Math.ceil(all.length * 0.99) - 1];
        out.println("requests " + all.length + " failures " + failures.get() + " p50us " + p50 + " p99us " + p99);
    }

    private static String[] call(String base, String method, String path, String body) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(base + path).openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(5000);
            c.setReadTimeout(60000);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream o = c.getOutputStream()) {
                    o.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream s = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = s == null ? "" : new String(s.readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {Integer.toString(status), text.replace('\n', ' ').replace('\r', ' ')};
        } catch (IOException e) {
            return new String[] {"0", e.toString()};
        }
    }
}
