package dev.netfault.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import dev.netfault.client.Health;
import dev.netfault.client.NetfaultClient;
import dev.netfault.client.NetfaultException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The netfault agent as a sidecar in an application container's network namespace, so faults act on the
 * application's own traffic with no change to it. Started after the application (it depends on it), with
 * {@code NET_ADMIN}; ready once the agent answers {@code /healthz} with its capability probe done;
 * {@link #getClient()} drives it.
 *
 * <pre>{@code
 * @Container
 * static GenericContainer<?> app = new GenericContainer<>("my-app:latest").withExposedPorts(8080);
 * @Container
 * static NetfaultContainer netfault = new NetfaultContainer(app);     // declared after the application
 *
 * try (RunningFault f = netfault.getClient().start(BlackholeFault.port(5432).build())) {
 *     // the application's calls to port 5432 now time out
 * }
 * }</pre>
 *
 * <p>The test reaches the agent through a port the application container publishes (added to the application's
 * create command, so its wait strategy is unchanged); the agent then listens on all of the namespace's addresses and
 * requires a random bearer token that {@link #getClient()} sends. The image is
 * {@value #DEFAULT_REPOSITORY}{@code :<this module's version>} unless another is given.
 */
public class NetfaultContainer extends GenericContainer<NetfaultContainer> {

    /** The image repository; local builds of the project tag {@code netfault/agent:dev}, releases their version. */
    public static final String DEFAULT_REPOSITORY = "netfault/agent";
    /** The default tag: this module's version. */
    public static final String DEFAULT_TAG = ProjectVersion.get();
    /** {@code netfault/agent:<version>}. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse(DEFAULT_REPOSITORY).withTag(DEFAULT_TAG);
    /** The agent's port inside the shared namespace. */
    public static final int AGENT_PORT = 51680;

    private static final String TOKEN_FILE = "/run/netfault/token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GenericContainer<?> application;
    private final String token;
    private final List<String> agentArgs = new ArrayList<>();
    private Duration readyTimeout = Duration.ofSeconds(60);
    private Duration lease;
    private NetfaultClient client;
    private Health health;

    /** The sidecar of {@code application} from {@link #DEFAULT_IMAGE_NAME}. */
    public NetfaultContainer(GenericContainer<?> application) {
        this(DEFAULT_IMAGE_NAME, application);
    }

    /** The sidecar of {@code application} from {@code image}, e.g. {@code netfault/agent:dev}. */
    public NetfaultContainer(String image, GenericContainer<?> application) {
        this(DockerImageName.parse(image), application);
    }

    /** The sidecar of {@code application} from {@code image} (compatible with {@value #DEFAULT_REPOSITORY}). */
    public NetfaultContainer(DockerImageName image, GenericContainer<?> application) {
        super(image);
        image.assertCompatibleWith(DockerImageName.parse(DEFAULT_REPOSITORY));
        this.application = Objects.requireNonNull(application, "application");
        if (application.getContainerId() != null) {
            throw new SidecarFailure("the application container is already started: create the NetfaultContainer"
                    + " before it starts (declare its @Container field after the application's), so that the"
                    + " application can publish the agent's port");
        }
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
        application.withCreateContainerCmdModifier(AgentPort.publish(AGENT_PORT));
        dependsOn(application);
        withCopyToContainer(Transferable.of(token, 0600), TOKEN_FILE);
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN));
    }

    /** Extra {@code netfault serve} arguments, e.g. {@code withAgentArgs("--max-duration", "10m")}. */
    public NetfaultContainer withAgentArgs(String... args) {
        agentArgs.addAll(Arrays.asList(args));
        return self();
    }

    /**
     * The agent's {@code --lease}: how long its faults keep biting after its last renewal, so a killed sidecar's
     * faults end within it (the agent takes 3 s to 10 m; default 15 s). Whole milliseconds, at least one.
     */
    public NetfaultContainer withLease(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.toMillis() < 1 || lease.toMillis() * 1_000_000 != lease.toNanos()) {
            throw new IllegalArgumentException("lease: " + lease + " (expected a positive whole number of milliseconds)");
        }
        this.lease = lease;
        return self();
    }

    /** How long to wait for {@code /healthz} after the container started (default 60 s). */
    public NetfaultContainer withReadyTimeout(Duration timeout) {
        this.readyTimeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    @Override
    protected void configure() {
        String appId = application.getContainerId();
        if (appId == null) {
            throw new SidecarFailure("the application container did not start before the sidecar");
        }
        withNetworkMode("container:" + appId);
        setCommand(agentCommand().toArray(String[]::new));
    }

    /** The {@code netfault serve} arguments the sidecar runs with. */
    List<String> agentCommand() {
        List<String> command = new ArrayList<>(List.of("--listen", "0.0.0.0:" + AGENT_PORT, "--token-file", TOKEN_FILE));
        if (lease != null) {
            long ms = lease.toMillis();
            command.addAll(List.of("--lease", ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms"));
        }
        command.addAll(agentArgs);
        return command;
    }

    /**
     * Starts the application if needed, then the sidecar, and waits for the agent. Failures say what to do:
     * no Docker engine, an image that is not built, no {@code NET_ADMIN}, an agent that exits.
     */
    @Override
    public void start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new SidecarFailure("no Docker engine answers: start one (or set DOCKER_HOST) before tests that use"
                    + " NetfaultContainer; with JUnit 5, @Testcontainers(disabledWithoutDocker = true) skips them instead");
        }
        try {
            super.start();
        } catch (RuntimeException e) {
            stopQuietly();
            SidecarFailure ours = find(e);
            if (ours != null) {
                throw ours;
            }
            if (!imageIsLocal()) {
                throw new SidecarFailure("image " + getDockerImageName() + " is not on this Docker engine and could"
                        + " not be pulled: build it from a netfault clone with `docker build -t " + getDockerImageName()
                        + " -f docker/Dockerfile .` (after `mvn -B package -DskipTests`)", e);
            }
            throw e;
        }
    }

    @Override
    protected void containerIsStarted(InspectContainerResponse info) {
        String url = "http://" + application.getHost() + ":" + AgentPort.mapped(application, AGENT_PORT);
        NetfaultClient c = NetfaultClient.builder(url).token(token).requestTimeout(Duration.ofSeconds(10)).build();
        health = awaitHealthy(c);
        if (health.modeReason().contains("CAP_NET_ADMIN absent")) {
            throw new SidecarFailure("the netfault sidecar runs without CAP_NET_ADMIN, so it can make no fault: "
                    + health.modeReason() + ". NetfaultContainer adds NET_ADMIN; an engine that drops it (rootless"
                    + " Docker, a user-namespace remap, a security policy) cannot run the sidecar. The agent says: "
                    + health.reason("blackhole").orElse(""));
        }
        client = c;
        health.faults().forEach((kind, s) -> {
            if (!s.supported()) {
                logger().info("netfault: {} not supported here: {}", kind, s.reason());
            }
        });
    }

    private Health awaitHealthy(NetfaultClient c) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        NetfaultException last = null;
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new SidecarFailure("the netfault sidecar exited before it served /healthz; its log:\n" + getLogs());
            }
            try {
                Health h = c.health();
                if (!h.status().equals("starting")) {
                    return h; // "starting": serving while the capability probe runs, no fault kind known yet
                }
            } catch (NetfaultException e) {
                last = e;
                if (e.status() == 401) {
                    throw new SidecarFailure("the agent refused the sidecar's token: " + e.agentMessage(), e);
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SidecarFailure("interrupted while waiting for the netfault sidecar", e);
            }
        }
        throw new SidecarFailure("the netfault sidecar did not answer /healthz within " + readyTimeout + " ("
                + (last == null ? "" : last.getMessage()) + "); its log:\n" + getLogs(), last);
    }

    /** A client for this sidecar's agent (its URL and token set); available once started. */
    public NetfaultClient getClient() {
        if (client == null) {
            throw new IllegalStateException("the NetfaultContainer is not started");
        }
        return client;
    }

    /** The agent's {@code /healthz} as read when the sidecar became ready. */
    public Health getStartupHealth() {
        getClient();
        return health;
    }

    /**
     * Fails, with the agent's own reason, when this kernel cannot make {@code kind} ({@code latency},
     * {@code loss}, {@code loss-burst}, {@code blackhole}, {@code blackhole-ingress}, ...): e.g. a kernel without
     * {@code sch_netem} for latency.
     */
    public void requireSupported(String kind) {
        Health h = getClient().health();
        if (!h.supports(kind)) {
            throw new SidecarFailure("netfault cannot make " + kind + " faults here: "
                    + h.reason(kind).orElse("the agent does not know this fault kind (it knows " + h.faults().keySet() + ")"));
        }
    }

    /** The agent's base URL as the test process reaches it, e.g. {@code http://localhost:32771}. */
    public String getAgentUrl() {
        return getClient().baseUri();
    }

    /** The bearer token the agent requires (the client sends it). */
    public String getToken() {
        return token;
    }

    /** The application container whose network namespace the sidecar shares. */
    public GenericContainer<?> getApplication() {
        return application;
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // the start failure is what matters
        }
    }

    private boolean imageIsLocal() {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(getDockerImageName()).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            return true; // cannot tell: report the original failure
        }
    }

    private static SidecarFailure find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SidecarFailure f) {
                return f;
            }
        }
        return null;
    }
}
