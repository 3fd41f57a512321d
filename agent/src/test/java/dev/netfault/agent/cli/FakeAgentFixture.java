package dev.netfault.agent.cli;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh {@link FakeAgent} on loopback for each test of the client commands, closed after it. */
abstract class FakeAgentFixture {

    FakeAgent agent;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeAgent();
    }

    @AfterEach
    void stop() {
        agent.close();
    }
}
