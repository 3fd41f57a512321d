package dev.netfault.agent.cli;

import dev.netfault.agent.api.AgentServer;
import dev.netfault.agent.api.ApiConfig;
import dev.netfault.agent.api.RateLimit;
import dev.netfault.agent.dns.DnsjavaResolver;
import dev.netfault.agent.dns.HostnameSources;
import dev.netfault.agent.faults.FaultListener;
import dev.netfault.agent.faults.FaultManager;
import dev.netfault.agent.faults.MaxDuration;
import dev.netfault.agent.platform.CapEff;
import dev.netfault.agent.platform.ModeDecision;
import dev.netfault.agent.telemetry.FaultEventLog;
import dev.netfault.agent.telemetry.FaultMetrics;
import dev.netfault.agent.telemetry.LogSetup;
import dev.netfault.bridge.exec.NetnsRunner;
import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.target.Cidr;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netfault serve}: runs the agent. Reconciles the journal with the kernel, serves the HTTP API, and on SIGTERM
 * stops serving and reverts every fault. Off loopback it refuses to start without {@code --token-file}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the netfault agent: the ECS-compatible fault API for this network namespace.")
public final class ServeCommand implements Callable<Integer> {

    static final int EXIT_USAGE = 2;
    // the defaults picocli gives, which ServeArgs gives too
    static final String DEFAULT_STATE_DIR = "/var/lib/netfault";
    static final String DEFAULT_LEASE = "15s";
    static final String DEFAULT_MODE = "auto";
    static final String DEFAULT_LOG_FORMAT = "text";
    static final String DEFAULT_REQUEST_DEADLINE = "5s";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The metrics registry (≈ 60 ms of start-up), built on a thread of its own; see {@link #ServeCommand(CompletableFuture)}. */
    private final CompletableFuture<FaultMetrics> metricsBuilt;

    /** As picocli makes it (the full command tree): the metrics are built once the command runs. */
    public ServeCommand() {
        this(null);
    }

    /**
     * With the metrics already being built ({@link #buildMetrics()}), as {@code netfault serve} starts: they need no
     * option, so they are built while picocli parses the command line on the main thread.
     */
    ServeCommand(CompletableFuture<FaultMetrics> metricsBuilt) {
        this.metricsBuilt = metricsBuilt;
    }

    /**
     * Builds the metrics registry on a daemon thread of its own ({@code netfault-metrics}), which then initialises the
     * HTTP server's netty classes ({@link AgentServer#preload()}) while the main thread still parses or binds.
     */
    static CompletableFuture<FaultMetrics> buildMetrics() {
        CompletableFuture<FaultMetrics> built = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                built.complete(new FaultMetrics());
            } catch (RuntimeException | Error e) {
                built.completeExceptionally(e);
                return;
            }
            AgentServer.preload();
        }, "netfault-metrics");
        t.setDaemon(true);
        t.start();
        return built;
    }

    @Option(names = "--listen", defaultValue = ApiConfig.DEFAULT_LISTEN, converter = ListenAddress.class,
            paramLabel = "HOST:PORT",
            description = "HOST:PORT to serve on (default: ${DEFAULT-VALUE}); off loopback needs --token-file")
    InetSocketAddress listen;

    @Option(names = "--netns", paramLabel = "PATH|NAME",
            description = "act on this network namespace (a path, or a name under /run/netns) instead of our own")
    String netns;

    @Option(names = "--state-dir", defaultValue = DEFAULT_STATE_DIR, paramLabel = "DIR",
            description = "fault journal directory (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--max-duration", defaultValue = MaxDuration.TEXT, converter = HumanDuration.class,
            paramLabel = "DURATION",
            description = "longest a fault may last and the default when a request gives none (default: ${DEFAULT-VALUE})")
    Duration maxDuration;

    @Option(names = "--lease", defaultValue = DEFAULT_LEASE, converter = HumanDuration.class, paramLabel = "DURATION",
            description = "how long a fault keeps biting after the agent's last renewal (3s-10m; renewed every third of"
                    + " it): a dead or frozen agent's faults end within this (default: ${DEFAULT-VALUE})")
    Duration lease;

    @Option(names = "--allow-unleased",
            description = "start faults the kernel cannot let lapse by itself (no nft egress hook, no em_ipset); they"
                    + " outlive a dead agent until their deadline or a restarted agent's reconcile")
    boolean allowUnleased;

    @Option(names = "--exempt", paramLabel = "CIDR", converter = CidrConverter.class,
            description = "addresses never impaired by any fault (repeatable)")
    List<Cidr> exempt = new ArrayList<>();

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file holding the bearer token every request must carry (Authorization: Bearer <token>)")
    Path tokenFile;

    @Option(names = "--mode", defaultValue = DEFAULT_MODE, paramLabel = "kernel|platform|auto",
            description = "who enforces faults: the kernel (tc/nftables/iptables, needs NET_ADMIN), the platform's fault"
                    + " endpoints at ${ECS_AGENT_URI}/fault/v1 (Fargate), or auto: platform when ECS_AGENT_URI is set and"
                    + " NET_ADMIN is absent (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--rate-limit", paramLabel = "N/PERIOD", converter = RateLimit.Converter.class,
            description = "answer 429 (as the ECS agent) past N requests per PERIOD per route per client, e.g. 1/5s;"
                    + " off by default")
    RateLimit rateLimit;

    @Option(names = "--log-format", defaultValue = DEFAULT_LOG_FORMAT, paramLabel = "text|json",
            description = "log line format (default: ${DEFAULT-VALUE})")
    String logFormat;

    // Hidden: the ECS agent's 5 s is right on real machines; the emulated guest-kernel test lane needs longer.
    @Option(names = "--request-deadline", defaultValue = DEFAULT_REQUEST_DEADLINE, converter = HumanDuration.class, hidden = true,
            paramLabel = "DURATION", description = "how long one API request may take (default: ${DEFAULT-VALUE})")
    Duration requestDeadline;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec != null ? spec.commandLine().getErr() : ServeArgs.ERR;
        Optional<String> token;
        LogSetup.Format format;
        Optional<Path> ns;
        ModeDecision decision;
        try {
            decision = ModeDecision.decide(mode, System.getenv(), CapEff.selfStatus());
            format = LogSetup.Format.parse(logFormat);
            token = readToken();
            ns = netns == null ? Optional.empty() : Optional.of(NetnsRunner.resolve(netns));
            if (maxDuration.compareTo(MaxDuration.VALUE) > 0 || maxDuration.toSeconds() < 1) {
                throw new IllegalArgumentException("max-duration: " + maxDuration.toSeconds() + "s (expected: 1s-"
                        + MaxDuration.TEXT + ")");
            }
            PlanContext.requireLease(lease);
        } catch (IllegalArgumentException e) {
            err.println("netfault serve: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        if (!listen.getAddress().isLoopbackAddress() && token.isEmpty()) {
            err.println("netfault serve: refusing to listen on " + show(listen) + " without --token-file: "
                    + "any address other than loopback needs a bearer token");
            err.flush();
            return EXIT_USAGE;
        }
        if (format == LogSetup.Format.JSON) {
            LogSetup.apply(format);
        }
        long t0 = System.nanoTime();
        AgentWiring.Settings settings = new AgentWiring.Settings(ns, stateDir, maxDuration, listen.getPort(), exempt,
                decision, lease, allowUnleased);
        // the kernel probe starts first; it and the reconcile run while the metrics are built and the HTTP server
        // binds and answers /healthz ("probe": "running"); every other early request waits for them
        CompletableFuture<FaultMetrics> metricsBuilt = this.metricsBuilt != null ? this.metricsBuilt : buildMetrics();
        CompletableFuture<FaultManager> lifecycle = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                lifecycle.complete(AgentWiring.open(settings,
                        () -> new FaultListener[] {new FaultEventLog(), metricsBuilt.join()}));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lifecycle.completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                lifecycle.completeExceptionally(e);
            }
        }, "netfault-lifecycle-start");
        opener.start();
        ApiConfig config = ApiConfig.defaults(listen).withDeadline(requestDeadline); // --exempt reaches plans via the enforcer
        if (token.isPresent()) {
            config = config.withToken(token.get());
        }
        PendingFaultService pending = new PendingFaultService(lifecycle, decision.mode(), decision.reason());
        ScheduledExecutorService dns = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "netfault-dns");
            t.setDaemon(true);
            return t;
        });
        AgentServer server = new AgentServer(config, pending, metricsBuilt::join).withRateLimit(rateLimit)
                .withHostnames(new HostnameSources(pending, new DnsjavaResolver(), dns, Clock.systemUTC()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            dns.shutdownNow();
            closeWhenStarted(lifecycle);
            stopped.countDown();
        }, "netfault-shutdown"));
        InetSocketAddress bound;
        try {
            bound = server.start();
        } catch (Exception e) {
            err.println("netfault serve: cannot listen on " + show(listen) + ": " + e.getMessage());
            err.flush();
            closeWhenStarted(lifecycle);
            return 1;
        }
        long t1 = System.nanoTime();
        try { // the metrics were built beside the bind: serve does not run without them
            metricsBuilt.get();
        } catch (ExecutionException e) {
            server.close();
            closeWhenStarted(lifecycle);
            throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
        }
        FaultManager faults;
        try {
            faults = lifecycle.get();
        } catch (ExecutionException e) {
            err.println("netfault serve: the fault lifecycle failed to start: " + e.getCause().getMessage());
            err.flush();
            server.close();
            return 1;
        }
        long t2 = System.nanoTime();
        LoggerFactory.getLogger(ServeCommand.class).info("startup: metrics and server {} ms, then waited {} ms more "
                + "for the lifecycle (probe, facts, reconcile)", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        PrintWriter out = spec != null ? spec.commandLine().getOut() : ServeArgs.OUT;
        out.println("netfault agent listening on " + show(bound) + " (mode " + faults.health().mode()
                + ", ready in " + sinceJvmStart() + " ms)");
        out.println("mode " + decision.mode() + ": " + decision.reason());
        out.println("lease " + HumanDuration.format(lease) + ", renewed every " + HumanDuration.format(lease.dividedBy(3))
                + (allowUnleased ? "; unleased faults allowed" : "; unleased faults refused"));
        out.flush();
        stopped.await();
        return 0;
    }

    /** Reverts everything; a lifecycle still starting (reconciling) is waited for, so nothing it adopts survives. */
    private static void closeWhenStarted(CompletableFuture<FaultManager> lifecycle) {
        try {
            lifecycle.get(30, TimeUnit.SECONDS).close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LoggerFactory.getLogger(ServeCommand.class).error("shutdown: lifecycle never started: {}", e.toString());
        }
    }

    private Optional<String> readToken() {
        if (tokenFile == null) {
            return Optional.empty();
        }
        String t;
        try {
            t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("token-file: '" + tokenFile + "' (expected: a readable file: " + e + ")");
        }
        if (t.isEmpty() || t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("token-file: '" + tokenFile
                    + "' (expected: one token of printable ASCII without spaces)");
        }
        return Optional.of(t);
    }

    static String show(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static long sinceJvmStart() {
        return ProcessHandle.current().info().startInstant()
                .map(s -> Duration.between(s, Instant.now()).toMillis()).orElse(-1L);
    }
}
