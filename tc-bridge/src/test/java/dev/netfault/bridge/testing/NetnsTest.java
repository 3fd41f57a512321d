package dev.netfault.bridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netfault.bridge.exec.CommandFailedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The namespace fixture's own promises: names, the error when creation fails, cleanup on close and at JVM exit. */
class NetnsTest {

    @Test
    void create_rejectsPrefixThatLooksLikeNetfaultsOwnLinks() {
        assertThatThrownBy(() -> Netns.create("nfcb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prefix: 'nfcb' (expected: a prefix that is not 'nf' and hex digits only");
        assertThatThrownBy(() -> NetnsPair.builder().prefix("nfab12")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prefix: 'nfab12' (expected: a prefix that is not 'nf' and hex digits only");
    }

    @Test
    void create_rejectsMalformedPrefix() {
        assertThatThrownBy(() -> Netns.create("NF-x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix: 'NF-x' (expected: 1-8 of a-z0-9, starting with a letter)");
        assertThatThrownBy(() -> Netns.create("nfabcdefgh")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prefix: 'nfabcdefgh' (expected: 1-8 of a-z0-9, starting with a letter)");
    }

    @Test
    void interfaces_rejectsTwiceTheSameNameAndTooLongNames() {
        assertThatThrownBy(() -> NetnsPair.builder().interfaces("va", "va")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interfaces: 'va' twice (expected: two names)");
        assertThatThrownBy(() -> NetnsPair.builder().interfaces("va", "a-very-long-name")).isInstanceOf(
                IllegalArgumentException.class).hasMessage("interface: 'a-very-long-name' (expected: 1-15 of A-Za-z0-9_.-)");
    }

    @Test
    @Tag("privileged")
    void iface_ofANamespaceOutsideAPairSaysSo() throws Exception {
        Netns.assumeRoot();
        try (Netns ns = Netns.create("nfctest")) {
            assertThatThrownBy(ns::iface).isInstanceOf(IllegalStateException.class)
                    .hasMessage(ns.name() + " is not a side of a NetnsPair: it has no veth end");
        }
    }

    @Test
    @Tag("privileged")
    void create_failureNamesCommandAndStderrAndDeletesNothingItDidNotMake() throws Exception {
        Netns.assumeRoot();
        try (Netns ns = Netns.create("nfctest")) {
            assertThatThrownBy(() -> Netns.createNamed(ns.name())).isInstanceOf(CommandFailedException.class)
                    .hasMessageStartingWith("'ip netns add " + ns.name() + "' failed (exit 1): ")
                    .hasMessageContaining("File exists");
            assertThat(Files.exists(ns.path())).as("the namespace the failed call did not make").isTrue();
            assertThat(ns.exec("ip", "-o", "link", "show", "lo")).contains("UP");
        }
    }

    @Test
    @Tag("privileged")
    void close_deletesTheNamespaceAndIsSafeTwice() throws Exception {
        Netns.assumeRoot();
        Netns ns = Netns.create("nfctest");
        assertThat(Netns.host("ip", "netns", "list")).contains(ns.name());
        ns.close();
        ns.close();
        assertThat(Netns.host("ip", "netns", "list")).doesNotContain(ns.name());
    }

    @Test
    @Tag("privileged")
    void shutdownHook_deletesWhatADyingTestJvmLeft() throws Exception {
        Netns.assumeRoot();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LeakingTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String name;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            name = out.readLine();
            assertThat(name).startsWith("nfctest");
            assertThat(Files.exists(Path.of("/run/netns", name))).as("made by the child").isTrue();
            child.destroy(); // SIGTERM, as a build tool stopping a forked test JVM sends
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(Netns.host("ip", "netns", "list")).doesNotContain(name);
    }

    /** A test JVM that makes a namespace, says its name and waits to be killed without closing it. */
    static final class LeakingTest {
        public static void main(String[] args) throws Exception {
            Netns ns = Netns.create("nfctest");
            System.out.println(ns.name());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
