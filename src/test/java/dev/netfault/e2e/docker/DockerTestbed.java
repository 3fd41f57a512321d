package dev.netfault.e2e.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine of testbed lane 2, as the container suites see it: brought up once per JVM by
 * {@code scripts/docker-up.sh} (engine, debootstrapped base image, {@code netfault/agent:dev}, {@code netfault/demo:dev}),
 * plus the {@code docker} CLI calls the suites need. Every name a suite creates starts with {@link #PREFIX}.
 */
final class DockerTestbed {
    static final String PREFIX = "nfdk";
    /** The agent image under test: {@code -Dnetfault.agentImage=netfault/agent:<tag>} tests another build. */
    static final String AGENT_IMAGE = System.getProperty("netfault.agentImage", "netfault/agent:dev");
    static final String DEMO_IMAGE = "netfault/demo:dev";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile boolean up;

    private DockerTestbed() {
    }

    /** Repository root (the e2e pom passes it; the working directory is the e2e module otherwise). */
    static Path root() {
        return Path.of(System.getProperty("netfault.root", "..")).toAbsolutePath().normalize();
    }

    /** A fresh name such as {@code nfdk-app-3f9a1c}. */
    static String uniqueName(String role) {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return PREFIX + "-" + role + "-" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Makes sure the engine answers and the images are built from the current jar; skips (with the reason printed)
     * only when this machine has no Docker engine at all.
     */
    static synchronized void ensureUp() {
        if (up) {
            return;
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker")) || Files.isExecutable(Path.of("/usr/sbin/dockerd")),
                () -> print("docker is not installed on this machine (apt-get install docker.io): container suites skipped"));
        Path jar = Path.of(System.getProperty("netfault.jar", root().resolve("agent/target/netfault.jar").toString()));
        assertThat(jar).as("the agent jar the image is built from").exists();
        // an image given with -Dnetfault.agentImage is tested as built: the engine only, no image rebuilt
        boolean given = System.getProperty("netfault.agentImage") != null;
        Result result = run(Duration.ofMinutes(15), given
                ? List.of("bash", root().resolve("scripts/docker-up.sh").toString(), "--no-build")
                : List.of("bash", root().resolve("scripts/docker-up.sh").toString()));
        assertThat(result.exitCode()).as("scripts/docker-up.sh failed:%n%s", result.output()).isZero();
        print(result.output().strip());
        if (given) {
            Result inspect = run(Duration.ofMinutes(1), List.of("docker", "image", "inspect", AGENT_IMAGE));
            assertThat(inspect.exitCode()).as("-Dnetfault.agentImage=%s is not on this Docker", AGENT_IMAGE).isZero();
        }
        up = true;
    }

    /** Runs a host command (argv, no shell), merging stderr into the output. */
    static Result run(Duration timeout, List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).directory(root().toFile()).start();
            process.getOutputStream().close();
            byte[][] out = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    out[0] = process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = ("<output lost: " + e.getMessage() + ">").getBytes(StandardCharsets.UTF_8);
                }
            });
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                reader.join(5_000);
                return new Result(-1, "timed out after " + timeout + ": " + argv);
            }
            reader.join(5_000);
            return new Result(process.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, "cannot run " + argv + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv, e);
        }
    }

    static Result docker(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("docker");
        argv.addAll(List.of(args));
        return run(Duration.ofMinutes(2), argv);
    }

    /** Names of every container (running or not) whose name starts with the prefix. */
    static List<String> leftoverContainers() {
        Result result = docker("ps", "-a", "--format", "{{.Names}}");
        return result.output().lines().filter(name -> name.startsWith(PREFIX)).toList();
    }

    static String print(String message) {
        System.out.println("[docker e2e] " + message);
        return message;
    }

    /** Exit code and combined output of one command. */
    record Result(int exitCode, String output) {
    }
}
