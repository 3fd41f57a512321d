package dev.netfault.agent.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one inbound handler: authenticates, resolves the route, answers validation errors at once, and runs the blocking
 * lifecycle call on the worker executor with the request deadline. While a request is in flight the connection reads
 * nothing more, so keep-alive responses leave in request order.
 */
final class RequestRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    private final Routes routes;
    private final BearerAuth auth;
    private final ExecutorService workers;
    private final long deadlineMillis;
    private final RateLimiter limiter;
    private final Deque<FullHttpRequest> pending = new ArrayDeque<>();
    private boolean inFlight;

    RequestRouter(Routes routes, BearerAuth auth, ExecutorService workers, long deadlineMillis) {
        this(routes, auth, workers, deadlineMillis, null);
    }

    RequestRouter(Routes routes, BearerAuth auth, ExecutorService workers, long deadlineMillis, RateLimiter limiter) {
        this.limiter = limiter;
        this.routes = routes;
        this.auth = auth;
        this.workers = workers;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (inFlight) { // a pipelined request: answer it after the one in flight
            pending.add(req.retain());
            return;
        }
        handle(ctx, req);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            send(ctx, ApiResponse.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"), false);
            return;
        }
        if (auth != null && !auth.allows(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            send(ctx, ApiResponse.error(HttpResponseStatus.UNAUTHORIZED,
                    "missing or wrong bearer token (expected: Authorization: Bearer <token>)")
                    .withHeader("WWW-Authenticate", "Bearer"), keepAlive);
            return;
        }
        String path;
        try {
            path = new QueryStringDecoder(req.uri()).path();
        } catch (IllegalArgumentException e) {
            send(ctx, ApiResponse.error(HttpResponseStatus.BAD_REQUEST, "malformed request path"), keepAlive);
            return;
        }
        if (limiter != null && ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress remote
                && !limiter.allow(remote.getAddress(), path)) {
            send(ctx, ErrorTable.rateLimited(), keepAlive);
            return;
        }
        Routes.Dispatch d = routes.resolve(req.method(), path, ByteBufUtil.getBytes(req.content()));
        if (d.immediate() != null) {
            send(ctx, d.immediate(), keepAlive);
            return;
        }
        runBlocking(ctx, d, keepAlive);
    }

    private void runBlocking(ChannelHandlerContext ctx, Routes.Dispatch d, boolean keepAlive) {
        AtomicBoolean answered = new AtomicBoolean();
        inFlight = true;
        ctx.channel().config().setAutoRead(false);
        var timeout = ctx.executor().schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                LOG.warn("{}: no answer within {} ms; the call goes on in the background", d.operation(), deadlineMillis);
                finish(ctx, ErrorTable.toResponse(d.operation(), new TimeoutException()), keepAlive);
            }
        }, deadlineMillis, TimeUnit.MILLISECONDS);
        try {
            workers.execute(() -> {
                ApiResponse r;
                try {
                    r = d.call().run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    r = ErrorTable.toResponse(d.operation(), e);
                } catch (Exception | LinkageError e) {
                    r = ErrorTable.toResponse(d.operation(), e);
                    if (r.status().code() >= 500) {
                        LOG.warn("{} failed: {}", d.operation(), e.toString());
                    }
                }
                if (answered.compareAndSet(false, true)) {
                    timeout.cancel(false);
                    finish(ctx, r, keepAlive);
                }
            });
        } catch (RejectedExecutionException e) {
            if (answered.compareAndSet(false, true)) {
                timeout.cancel(false);
                finish(ctx, ErrorTable.toResponse(d.operation(), e), keepAlive);
            }
        }
    }

    /** Answers the request in flight, then the requests that arrived meanwhile, in order. */
    private void finish(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive) {
        ctx.executor().execute(() -> {
            send(ctx, r, keepAlive);
            inFlight = false;
            if (!keepAlive) {
                pending.forEach(FullHttpRequest::release);
                pending.clear();
                return;
            }
            ctx.channel().config().setAutoRead(true);
            while (!inFlight && !pending.isEmpty()) {
                FullHttpRequest next = pending.poll();
                try {
                    handle(ctx, next);
                } finally {
                    next.release();
                }
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        pending.forEach(FullHttpRequest::release);
        pending.clear();
        super.channelInactive(ctx);
    }

    /** The one way a response leaves: JSON (or metrics text), content length, keep-alive or close. */
    static void send(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive) {
        var f = ctx.writeAndFlush(response(r, keepAlive));
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static FullHttpResponse response(ApiResponse r, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(), Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        r.headers().forEach((k, v) -> res.headers().set(k, v));
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return res;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
        ctx.close();
    }
}
