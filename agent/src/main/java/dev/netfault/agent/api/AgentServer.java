package dev.netfault.agent.api;

import dev.netfault.agent.dns.HostnameSources;
import dev.netfault.agent.faults.FaultService;
import dev.netfault.agent.telemetry.FaultMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The agent's HTTP server: one event loop thread for all connections, and a small worker pool for the blocking
 * lifecycle calls (kernel commands never run on the event loop).
 *
 * <p>{@code try (AgentServer s = new AgentServer(config, faults, metrics)) { InetSocketAddress a = s.start(); ... }}
 */
public final class AgentServer implements AutoCloseable {

    /** Requests waiting for a worker before 503 "agent busy": room for 1,000 concurrent clients. */
    private static final int QUEUE = 1024;

    private final ApiConfig config;
    private final FaultService faults;
    private final Supplier<FaultMetrics> metrics;
    private Routes routes;
    private final ThreadPoolExecutor workers;
    private RateLimiter limiter;
    private EventLoopGroup group;
    private Channel channel;

    public AgentServer(ApiConfig config, FaultService faults, FaultMetrics metrics) {
        this(config, faults, supplier(metrics));
    }

    /**
     * With the metrics asked for at each {@code /metrics} scrape (a worker waits for them there), so the server can
     * bind while they are still being built.
     */
    public AgentServer(ApiConfig config, FaultService faults, Supplier<FaultMetrics> metrics) {
        this.config = config;
        this.faults = faults;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.routes = new Routes(new EcsRoutes(faults, config.exemptions()), new AgentRoutes(faults, metrics));
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "netfault-api-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.workers.allowCoreThreadTimeOut(true);
    }

    private static Supplier<FaultMetrics> supplier(FaultMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        return () -> metrics;
    }

    /** Accepts DNS names in Sources, resolved and kept resolved by {@code hostnames}; call before {@link #start()}. */
    public synchronized AgentServer withHostnames(HostnameSources hostnames) {
        this.routes = new Routes(new EcsRoutes(faults, config.exemptions(), hostnames), new AgentRoutes(faults, metrics));
        return this;
    }

    /** Limits fault requests per route and client as the ECS agent does (429, text body); call before {@link #start()}. */
    public synchronized AgentServer withRateLimit(RateLimit limit) {
        this.limiter = limit == null ? null : new RateLimiter(limit);
        return this;
    }

    /**
     * Initialises the netty classes {@link #start()} and the first connection need (the network utilities, which read
     * somaxconn and find the loopback interface; the NIO transport; the HTTP codec), so that a thread with nothing else
     * to do takes them off the start's critical path (≈ 30 ms, 2026-12-01). Changes nothing; calling it is optional.
     */
    public static void preload() {
        if (NetUtil.SOMAXCONN < 0) {
            throw new IllegalStateException("somaxconn: " + NetUtil.SOMAXCONN);
        }
        NioIoHandler.newFactory();
        new ServerBootstrap().channel(NioServerSocketChannel.class);
        new HttpServerCodec();
    }

    /**
     * Connections the kernel completes before the agent accepts them (capped by {@code net.core.somaxconn}, 4096 by
     * default). With 128, a burst of 1,000 clients overflowed it: the dropped handshakes came back after TCP's 1 s
     * retransmission timeout, which set the burst's p99.
     */
    static final int ACCEPT_BACKLOG = 1024;

    /** Binds and serves; returns the bound address (port 0 in the config picks a free port). */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (channel != null) {
            throw new IllegalStateException("already started");
        }
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                    .childHandler(new AgentInitializer(config, routes, workers, limiter))
                    .bind(config.listen()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw e;
        }
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting, closes connections, and lets running calls finish for up to two seconds. */
    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            channel = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
            group = null;
        }
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
