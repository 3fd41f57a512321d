package dev.netfault.bridge.nftlib;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JnaTmpdirTest {

    private static final String MOUNTS = "overlay / overlay ro,relatime,lowerdir=/l 0 0\n"
            + "tmpfs /tmp tmpfs rw,nosuid,nodev,noexec,relatime 0 0\n"
            + "/dev/vdb /var/lib/netfault ext4 rw,relatime 0 0\n";

    @TempDir
    Path dir;

    @Test
    void mountOf_isTheLongestMountPointHoldingTheDirectory() {
        assertThat(JnaTmpdir.mountOf(Path.of("/tmp/x"), MOUNTS)).hasValue("rw,nosuid,nodev,noexec,relatime");
        assertThat(JnaTmpdir.mountOf(Path.of("/var/lib/netfault"), MOUNTS)).hasValue("rw,relatime");
        assertThat(JnaTmpdir.mountOf(Path.of("/var/lib/other"), MOUNTS)).hasValue("ro,relatime,lowerdir=/l");
        assertThat(JnaTmpdir.mountOf(Path.of("/tmpx"), MOUNTS)).hasValue("ro,relatime,lowerdir=/l");
        assertThat(JnaTmpdir.mountOf(Path.of("/x"), "")).isEmpty();
    }

    @Test
    void usable_writableDirectoryNotOnANoexecMount() {
        String execMounts = "tmpfs " + dir + " tmpfs rw 0 0\n";
        String noexecMounts = "tmpfs " + dir + " tmpfs rw,noexec 0 0\n";
        assertThat(JnaTmpdir.usable(dir, execMounts)).isTrue();
        assertThat(JnaTmpdir.usable(dir, noexecMounts)).isFalse();
        assertThat(JnaTmpdir.usable(dir.resolve("absent"), execMounts)).isFalse();
    }
}
