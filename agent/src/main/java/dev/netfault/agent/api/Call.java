package dev.netfault.agent.api;

/** The blocking half of a request, run off the event loop with the request deadline. */
@FunctionalInterface
interface Call {
    ApiResponse run() throws Exception;
}
