package dev.netfault.client;

import java.util.Map;

/**
 * What every {@link FaultSpec} holds: its route and its frozen start body. Stop and status bodies are empty unless a
 * kind names its fault (the blackhole overrides {@link #identity()}).
 */
abstract class FaultBody {

    private final String route;
    private final Map<String, Object> json;

    FaultBody(String route, Map<String, Object> json) {
        this.route = route;
        this.json = json;
    }

    /** As {@link FaultSpec#route()}. */
    public String route() {
        return route;
    }

    /** As {@link FaultSpec#toJson()}. */
    public Map<String, Object> toJson() {
        return json;
    }

    /** As {@link FaultSpec#identity()}: empty, one fault of the kind at most. */
    public Map<String, Object> identity() {
        return Map.of();
    }

    @Override
    public String toString() {
        return route + " " + json;
    }
}
