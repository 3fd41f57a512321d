package dev.netfault.agent.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ECS agent's fault endpoints on loopback for tests: records every request (route and body), keeps which routes'
 * faults run, and answers scripted statuses first when a test queues them (e.g. 429s before a stop lands).
 */
final class FakePlatform implements AutoCloseable {

    /** One request as received. */
    record Received(String route, String body, long atNanos) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Deque<Integer>> scripted = new ConcurrentHashMap<>();
    private final Set<String> running = new HashSet<>();
    private final String prefix = "/api/task-1";
    volatile String retryAfter;
    /** False: the platform predates add-sources and answers its route 404 without JSON. */
    volatile boolean addSourcesRoute = true;

    FakePlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    synchronized List<String> routes() {
        return received.stream().map(Received::route).toList();
    }

    /** Answers the next requests to {@code route} with these statuses (429 with the ECS text body) before serving it. */
    void script(String route, Integer... statuses) {
        scripted.computeIfAbsent(route, r -> new ArrayDeque<>()).addAll(List.of(statuses));
    }

    synchronized void setRunning(String kindRoute) {
        running.add(kindRoute);
    }

    synchronized boolean isRunning(String kindRoute) {
        return running.contains(kindRoute);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String route = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        synchronized (this) {
            received.add(new Received(route, body, System.nanoTime()));
        }
        Deque<Integer> q = scripted.get(route);
        Integer s = q == null ? null : q.poll();
        if (s != null && s == 429) {
            if (retryAfter != null) {
                ex.getResponseHeaders().add("Retry-After", retryAfter);
            }
            send(ex, 429, "text/plain", "You have reached maximum request limit");
            return;
        }
        if (s != null) {
            send(ex, s, "application/json", "{\"Error\":\"scripted " + s + "\"}");
            return;
        }
        String op = route.substring(route.lastIndexOf('/') + 1);
        if (op.equals("add-sources")) {
            String base = route.substring(0, route.lastIndexOf('/'));
            if (!addSourcesRoute) { // an ECS agent before PR #5029: gorilla/mux's 404
                send(ex, 404, "text/plain; charset=utf-8", "404 page not found\n");
            } else if (!isRunning(base)) {
                send(ex, 404, "application/json", "{\"Error\":\"no " + base.substring(base.lastIndexOf('/') + 1)
                        + " fault is currently running for the task\"}");
            } else {
                send(ex, 200, "application/json", "{\"Status\":\"running\"}");
            }
            return;
        }
        String status;
        synchronized (this) {
            switch (op) {
                case "start" -> {
                    running.add(kind(route, body));
                    status = "running";
                }
                case "stop" -> {
                    running.remove(kind(route, body));
                    status = "stopped";
                }
                default -> status = running.contains(kind(route, body)) ? "running" : "not-running";
            }
        }
        send(ex, 200, "application/json", "{\"Status\":\"" + status + "\"}");
    }

    /** Latency and loss are one fault each; a blackhole is its route and port/protocol/direction. */
    static String kind(String route, String body) {
        String base = route.substring(0, route.lastIndexOf('/'));
        if (!base.endsWith("blackhole-port")) {
            return base;
        }
        return base + " " + body.replaceAll(",\"SourcesToFilter\":\\[[^]]*]", "");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
