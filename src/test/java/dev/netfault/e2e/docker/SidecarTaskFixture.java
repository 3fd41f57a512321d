package dev.netfault.e2e.docker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One {@link SidecarTask} (app, dependency and sidecar containers) per test class, every fault deleted after each test
 * so the next starts clean: the fixture of the docker suites that drive the sidecar.
 */
abstract class SidecarTaskFixture {

    static final String EGRESS_8081 = "{\"Port\":8081,\"Protocol\":\"tcp\",\"TrafficType\":\"egress\"}";

    static SidecarTask task;

    @BeforeAll
    static void startTask() {
        task = SidecarTask.start();
    }

    @AfterAll
    static void stopTask() {
        if (task != null) {
            task.close();
            task = null;
        }
    }

    @AfterEach
    void stopEverything() {
        if (task != null) {
            SidecarTask.exec(task.sidecar, "curl", "-sS", "-X", "DELETE", "http://127.0.0.1:51680/faults");
        }
    }
}
