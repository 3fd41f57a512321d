package dev.netfault.agent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.telemetry.FaultMetrics;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real {@link AgentServer} on an ephemeral loopback port in front of a {@link FakeFaultService}, started before and
 * closed after each test: the fixture of the tests that speak HTTP to the API.
 */
abstract class ServerFixture {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String LATENCY = "{\"DelayMilliseconds\":100,\"JitterMilliseconds\":10,\"Sources\":[\"198.51.100.0/24\"]}";
    static final String BLACKHOLE = "{\"Port\":443,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}";

    FakeFaultService faults;
    AgentServer server;
    InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        faults = new FakeFaultService();
        address = serve(ApiConfig.defaults(new InetSocketAddress("127.0.0.1", 0)));
    }

    /** Replaces the running server with one configured so; returns its address. */
    InetSocketAddress serve(ApiConfig config) throws InterruptedException {
        if (server != null) {
            server.close();
        }
        server = new AgentServer(config, faults, new FaultMetrics());
        return server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }
}
