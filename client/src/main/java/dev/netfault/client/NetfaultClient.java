package dev.netfault.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client for a netfault agent's HTTP API: start, stop and ask about faults, list them, stop everything, read the
 * agent's health. Faults are checked before they are sent ({@link LatencyFault}, {@link PacketLossFault},
 * {@link BlackholeFault}); every refusal or failure of the agent is a {@link NetfaultException} with its status and
 * message. Thread-safe; one instance per agent.
 *
 * <pre>{@code
 * NetfaultClient client = NetfaultClient.builder("http://127.0.0.1:51680")
 *         .token("s3cret")                              // when the agent runs with --token-file
 *         .requestTimeout(Duration.ofSeconds(10))
 *         .build();
 * try (RunningFault blackhole = client.start(BlackholeFault.port(8081).build())) {
 *     // calls to port 8081 now time out
 * }
 * client.stopAll();                                     // the kill switch
 * }</pre>
 */
public final class NetfaultClient {

    /** The agent's default address inside the namespace it shares with the application. */
    public static final URI DEFAULT_AGENT = URI.create("http://127.0.0.1:51680");

    private static final String FAULT_V1 = "/fault/v1/";

    private final AgentHttp http;

    private NetfaultClient(AgentHttp http) {
        this.http = http;
    }

    /** A client for the agent at {@code baseUri}, e.g. {@code http://127.0.0.1:51680}, with the default settings. */
    public static NetfaultClient create(String baseUri) {
        return builder(baseUri).build();
    }

    /** A builder for the agent at {@code baseUri}; a path prefix such as {@code /api/task-1} is kept. */
    public static Builder builder(String baseUri) {
        return new Builder(URI.create(Objects.requireNonNull(baseUri, "baseUri")));
    }

    /** A builder for the agent at {@code baseUri}. */
    public static Builder builder(URI baseUri) {
        return new Builder(Objects.requireNonNull(baseUri, "baseUri"));
    }

    /** The agent's base address, as given. */
    public String baseUri() {
        return http.base();
    }

    /**
     * Starts the fault and returns its handle; closing the handle stops it.
     *
     * @throws FaultConflictException when a fault of that kind is already running (409)
     * @throws NetfaultException      for any other refusal (400: e.g. no netem in this kernel) or failure (500)
     */
    public RunningFault start(FaultSpec fault) {
        String path = FAULT_V1 + fault.route() + "/start";
        FaultStatus s = Answers.status("POST " + path, http.send("POST", path, fault.toJson()));
        if (s != FaultStatus.RUNNING) {
            throw new NetfaultException("POST " + path, 200, "expected Status running, got " + s.wire());
        }
        return new RunningFault(this, fault);
    }

    /** Stops the fault of this kind (for a blackhole: this port, protocol and direction); {@code STOPPED}. */
    public FaultStatus stop(FaultSpec fault) {
        return call(fault.route(), "stop", fault.identity());
    }

    /** Whether the fault of this kind (for a blackhole: this port, protocol and direction) runs now. */
    public FaultStatus status(FaultSpec fault) {
        return call(fault.route(), "status", fault.identity());
    }

    /** Stops the latency fault, if any. */
    public FaultStatus stopLatency() {
        return call("network-latency", "stop", Map.of());
    }

    /** Whether a latency fault runs now. */
    public FaultStatus latencyStatus() {
        return call("network-latency", "status", Map.of());
    }

    /** Stops the packet-loss fault, if any. */
    public FaultStatus stopPacketLoss() {
        return call("network-packet-loss", "stop", Map.of());
    }

    /** Whether a packet-loss fault runs now. */
    public FaultStatus packetLossStatus() {
        return call("network-packet-loss", "status", Map.of());
    }

    /** Stops the impairment fault, if any. */
    public FaultStatus stopImpairment() {
        return call("network-impairment", "stop", Map.of());
    }

    /** Whether an impairment fault runs now. */
    public FaultStatus impairmentStatus() {
        return call("network-impairment", "status", Map.of());
    }

    /** Stops the blackhole of this port, protocol and direction, if any. */
    public FaultStatus stopBlackhole(int port, Protocol protocol, TrafficType trafficType) {
        return stop(BlackholeFault.port(port).protocol(protocol).trafficType(trafficType).build());
    }

    /** Whether the blackhole of this port, protocol and direction runs now. */
    public FaultStatus blackholeStatus(int port, Protocol protocol, TrafficType trafficType) {
        return status(BlackholeFault.port(port).protocol(protocol).trafficType(trafficType).build());
    }

    /** Stops the bandwidth limit, if any. */
    public FaultStatus stopBandwidth() {
        return call("network-bandwidth", "stop", Map.of());
    }

    /** Whether a bandwidth limit runs now. */
    public FaultStatus bandwidthStatus() {
        return call("network-bandwidth", "status", Map.of());
    }

    /** {@code GET /faults}: every active fault, with its state read back from the kernel now. */
    public List<ActiveFault> list() {
        return Answers.faults(http.send("GET", "/faults", null));
    }

    /** {@code DELETE /faults}, the kill switch: stops everything this agent applied; returns what it stopped. */
    public List<ActiveFault> stopAll() {
        return Answers.faults(http.send("DELETE", "/faults", null));
    }

    /** {@code GET /healthz}: the agent serves, its mode, and which fault kinds this kernel supports and why not. */
    public Health health() {
        return Answers.health(http.send("GET", "/healthz", null));
    }

    private FaultStatus call(String route, String op, Map<String, Object> body) {
        String path = FAULT_V1 + route + "/" + op;
        return Answers.status("POST " + path, http.send("POST", path, new LinkedHashMap<>(body)));
    }

    /** Settings of a {@link NetfaultClient}: token, timeouts, or an {@link HttpClient} of your own. */
    public static final class Builder {
        private final URI base;
        private String token;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(15);
        private HttpClient httpClient;

        private Builder(URI base) {
            String scheme = base.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || base.getHost() == null) {
                throw new IllegalArgumentException("baseUri: '" + base
                        + "' (expected: http://HOST:PORT, e.g. http://127.0.0.1:51680)");
            }
            this.base = base;
        }

        /** The bearer token the agent was started with ({@code --token-file}); sent on every request. */
        public Builder token(String token) {
            if (token == null || token.isBlank() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("token: (expected: one token of printable ASCII without spaces)");
            }
            this.token = token;
            return this;
        }

        /** How long to wait for a connection (default 5 s); ignored with {@link #httpClient(HttpClient)}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long to wait for each answer (default 15 s; the agent answers within its 5 s deadline). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** An {@link HttpClient} of your own (proxy, TLS, executor). */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        /** The client. */
        public NetfaultClient build() {
            HttpClient http = httpClient != null ? httpClient
                    : HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
            return new NetfaultClient(new AgentHttp(http, base, Optional.ofNullable(token), requestTimeout));
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: a positive duration)");
            }
            return d;
        }
    }
}
