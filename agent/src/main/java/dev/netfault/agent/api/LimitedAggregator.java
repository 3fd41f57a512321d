package dev.netfault.agent.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Aggregates a request up to the body size limit; a larger one gets a JSON 413 and the connection is closed. */
final class LimitedAggregator extends HttpObjectAggregator {

    private final int limit;

    LimitedAggregator(int limit) {
        super(limit);
        this.limit = limit;
    }

    /** " (1 MiB)" for a whole number of MiB, else nothing. */
    private static String mib(int bytes) {
        return bytes % (1024 * 1024) == 0 ? " (" + bytes / (1024 * 1024) + " MiB)" : "";
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        RequestRouter.send(ctx, ApiResponse.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body too large (expected: at most " + limit + " bytes" + mib(limit) + ")"), false);
    }
}
