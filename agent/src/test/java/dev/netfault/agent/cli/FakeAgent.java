package dev.netfault.agent.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A tiny stand-in for the agent on an ephemeral loopback port: records requests and returns canned ECS answers. */
final class FakeAgent implements AutoCloseable {

    /** One request as the agent saw it. */
    record Request(String method, String path, String body, String authorization) {
    }

    /** One canned answer. */
    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();

    FakeAgent() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code METHOD path} with these, in order; the last one repeats. */
    FakeAgent answer(String methodAndPath, Answer... in) {
        answers.put(methodAndPath, new ArrayDeque<>(List.of(in)));
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
        synchronized (this) {
            requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), body,
                    ex.getRequestHeaders().getFirst("Authorization")));
        }
        Answer a = next(key);
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    private Answer next(String key) {
        Deque<Answer> q = answers.get(key);
        if (q == null) {
            if (key.endsWith("/stop")) {
                return new Answer(200, "{\"Status\":\"stopped\"}");
            }
            return new Answer(key.startsWith("POST /fault/") ? 200 : 404,
                    key.startsWith("POST /fault/") ? "{\"Status\":\"running\"}" : "{\"Error\":\"no route\"}");
        }
        synchronized (q) {
            return q.size() > 1 ? q.poll() : q.peek();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
