package dev.netfault.agent.api;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.ExecutorService;

/** Per connection: HTTP codec, size-limited aggregator, idle timeout, and the router. */
final class AgentInitializer extends ChannelInitializer<SocketChannel> {

    private static final int IDLE_SECONDS = 60;
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 8192;

    private final ApiConfig config;
    private final Routes routes;
    private final BearerAuth auth;
    private final ExecutorService workers;
    private final RateLimiter limiter;

    AgentInitializer(ApiConfig config, Routes routes, ExecutorService workers) {
        this(config, routes, workers, null);
    }

    AgentInitializer(ApiConfig config, Routes routes, ExecutorService workers, RateLimiter limiter) {
        this.limiter = limiter;
        this.config = config;
        this.routes = routes;
        this.auth = config.token().map(BearerAuth::new).orElse(null);
        this.workers = workers;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(new ReadTimeoutHandler(IDLE_SECONDS))
                .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192))
                .addLast(new LimitedAggregator(config.maxBodyBytes()))
                .addLast(new RequestRouter(routes, auth, workers, config.requestDeadline().toMillis(), limiter));
    }
}
