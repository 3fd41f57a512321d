package dev.netfault.e2e.guest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Skips (with the reason printed) where the kernel lacks what the guest lane exists for. */
final class GuestAssumptions {
    private GuestAssumptions() {
    }

    static void assumeNetem() {
        boolean netem = Files.isDirectory(Path.of("/sys/module/sch_netem"));
        if (!netem) {
            System.out.println("SKIPPED: sch_netem is not loaded in this kernel; run these tests with scripts/guest-lane.sh");
        }
        assumeTrue(netem, "sch_netem is not loaded in this kernel: run scripts/guest-lane.sh");
        assumeTrue(Files.isWritable(Path.of("/proc/sys/net")) || isRoot(), "needs root");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
