package dev.netfault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netfault.agent.telemetry.FaultMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The router alone in an EmbeddedChannel: which thread does what, and what leaves the channel. */
class RequestRouterTest {

    private final FakeFaultService faults = new FakeFaultService();
    private final Routes routes = new Routes(new EcsRoutes(faults, List.of()), new AgentRoutes(faults, new FaultMetrics()));

    /** Runs submitted work only when told, like a busy worker pool. */
    private static class ManualExecutor extends AbstractExecutorService {
        final java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            queued.add(r);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long t, TimeUnit u) {
            return true;
        }
    }

    private static FullHttpRequest post(String uri, String body) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    private static String body(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void channelRead_validationErrorAnsweredOnEventLoopWithoutWorker() {
        ManualExecutor workers = new ManualExecutor();
        EmbeddedChannel ch = new EmbeddedChannel(new RequestRouter(routes, null, workers, 5000));

        ch.writeInbound(post("/fault/v1/network-packet-loss/start", "{\"LossPercent\":0,\"Sources\":[\"198.51.100.1\"]}"));

        FullHttpResponse r = ch.readOutbound();
        assertThat(r.status().code()).isEqualTo(400);
        assertThat(body(r)).isEqualTo("{\"Error\":\"invalid value 0 for parameter LossPercent\"}");
        assertThat(workers.queued).isEmpty();
        assertThat(faults.calls).isEmpty();
    }

    @Test
    void channelRead_lifecycleCallRunsOnWorkerNotEventLoop() {
        ManualExecutor workers = new ManualExecutor();
        EmbeddedChannel ch = new EmbeddedChannel(new RequestRouter(routes, null, workers, 5000));

        ch.writeInbound(post("/fault/v1/network-latency/status", ""));

        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(faults.calls).isEmpty();
        assertThat(ch.config().isAutoRead()).isFalse();
        workers.runAll();
        ch.runPendingTasks();
        FullHttpResponse r = ch.readOutbound();
        assertThat(body(r)).isEqualTo("{\"Status\":\"not-running\"}");
        assertThat(faults.calls).containsExactly("running latency");
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void channelRead_deadlineAnswers500AndLateResultIsDropped() throws Exception {
        ManualExecutor workers = new ManualExecutor();
        EmbeddedChannel ch = new EmbeddedChannel(new RequestRouter(routes, null, workers, 50));

        ch.writeInbound(post("/fault/v1/network-blackhole-port/stop", "{\"Port\":80,\"Protocol\":\"udp\",\"TrafficType\":\"ingress\"}"));
        Thread.sleep(80);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();

        FullHttpResponse r = ch.readOutbound();
        assertThat(r.status().code()).isEqualTo(500);
        assertThat(body(r)).isEqualTo("{\"Error\":\"stop network-blackhole-port: request timed out\"}");
        workers.runAll();
        ch.runPendingTasks();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(faults.calls).containsExactly("stop blackhole:ingress-udp-80");
    }

    @Test
    void channelRead_pipelinedRequestWaitsForTheOneInFlight() {
        ManualExecutor workers = new ManualExecutor();
        EmbeddedChannel ch = new EmbeddedChannel(new RequestRouter(routes, null, workers, 5000));

        ch.writeInbound(post("/fault/v1/network-latency/stop", ""));
        ch.writeInbound(post("/nowhere", ""));

        assertThat((Object) ch.readOutbound()).isNull();
        workers.runAll();
        ch.runPendingTasks();
        assertThat(body(ch.readOutbound())).isEqualTo("{\"Status\":\"stopped\"}");
        FullHttpResponse second = ch.readOutbound();
        assertThat(second.status().code()).isEqualTo(404);
        second.release();
    }

    @Test
    void channelRead_busyWorkersAnswer503() {
        ExecutorService rejecting = new ManualExecutor() {
            @Override
            public void execute(Runnable r) {
                throw new java.util.concurrent.RejectedExecutionException("full");
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(new RequestRouter(routes, null, rejecting, 5000));

        ch.writeInbound(post("/fault/v1/network-latency/status", ""));
        ch.runPendingTasks();

        FullHttpResponse r = ch.readOutbound();
        assertThat(r.status().code()).isEqualTo(503);
        assertThat(body(r)).isEqualTo("{\"Error\":\"check status network-latency: agent busy, retry later\"}");
    }

    @Test
    void channelRead_http10WithoutKeepAliveClosesAfterAnswer() {
        EmbeddedChannel ch = new EmbeddedChannel(new RequestRouter(routes, new BearerAuth("t0ken"), new ManualExecutor(), 5000));
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/faults");

        ch.writeInbound(req);

        FullHttpResponse r = ch.readOutbound();
        assertThat(r.status().code()).isEqualTo(401);
        assertThat(r.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        r.release();
        assertThat(ch.isOpen()).isFalse();
    }
}
