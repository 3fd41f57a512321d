package dev.netfault.agent.cli;

/** The ECS route family of each fault kind: {@code /fault/v1/<route>/{start,stop,status}}. */
public enum FaultRoute {
    LATENCY("latency", "network-latency"),
    LOSS("loss", "network-packet-loss"),
    BLACKHOLE("blackhole", "network-blackhole-port");

    private final String kind;
    private final String route;

    FaultRoute(String kind, String route) {
        this.kind = kind;
        this.route = route;
    }

    /** The kind as the CLI and {@code GET /faults} name it. */
    public String kind() {
        return kind;
    }

    public String path(String action) {
        return "/fault/v1/" + route + "/" + action;
    }
}
