package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netfault.client.BlackholeFault;
import dev.netfault.client.RunningFault;
import dev.netfault.testcontainers.NetfaultContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The application answers 502 while its dependency is unreachable, and 200 again once the network heals. */
@Testcontainers
class DependencyOutageTest {

    static final Network NETWORK = Network.newNetwork();

    /** The dependency: GET /item on port 8081. */
    @Container
    static final GenericContainer<?> DEPENDENCY = new GenericContainer<>("netfault/demo:dev")
            .withNetwork(NETWORK)
            .withNetworkAliases("dependency")
            .withCommand("python3", "/opt/demo/dependency.py");

    /** The application: GET / calls the dependency (1 s timeout) and answers 200, or 502 when the call fails. */
    @Container
    static final GenericContainer<?> APP = new GenericContainer<>("netfault/demo:dev")
            .withNetwork(NETWORK)
            .withEnv("DEPENDENCY", "dependency:8081")
            .withCommand("python3", "/opt/demo/app.py")
            .withExposedPorts(8080)
            .dependsOn(DEPENDENCY);

    /** netfault in the application's network namespace: faults act on the application's own traffic. */
    @Container
    static final NetfaultContainer NETFAULT = new NetfaultContainer(APP);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void appFailsWhileDependencyIsBlackholed_andRecoversWhenTheFaultIsClosed() throws Exception {
        assertEquals(200, callApp(), "before the fault");

        try (RunningFault outage = NETFAULT.getClient().start(BlackholeFault.port(8081).build())) {
            assertEquals(502, callApp(), "while every packet to the dependency's port is dropped");
        }

        assertEquals(200, callApp(), "after the fault is closed");
    }

    private int callApp() throws IOException, InterruptedException {
        URI uri = URI.create("http://" + APP.getHost() + ":" + APP.getMappedPort(8080) + "/");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
