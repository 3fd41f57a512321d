package dev.netfault.agent.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates a request up to the body size limit; a larger one gets a JSON 413 that names the limit and the connection
 * is closed.
 */
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

    private ApiResponse tooLarge() {
        return ApiResponse.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body too large (expected: at most " + limit + " bytes" + mib(limit) + ")");
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        RequestRouter.send(ctx, tooLarge(), false);
    }

    /** {@code Expect: 100-continue} with a Content-Length over the limit (curl's way with large bodies): the same 413. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
            r.release();
            return RequestRouter.response(tooLarge(), false);
        }
        return answer;
    }

    /** Closes after that 413, as after any other oversized request. */
    @Override
    protected boolean closeAfterContinueResponse(Object msg) {
        return msg instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)
                || super.closeAfterContinueResponse(msg);
    }
}
