package dev.netfault.agent.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netfault.agent.doctor.Doctor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Privileged tests skip, saying why, where the JVM lacks CAP_NET_ADMIN. */
final class Root {

    private Root() {
    }

    static void assumeRoot() throws IOException {
        boolean ok = Doctor.hasNetAdmin(Files.readString(Path.of("/proc/self/status")));
        if (!ok) {
            System.out.println("skipped: needs root (CAP_NET_ADMIN) for network namespaces");
        }
        assumeTrue(ok, "needs root (CAP_NET_ADMIN) for network namespaces");
    }
}
