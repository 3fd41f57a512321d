package dev.netfault.client;

/** What the agent says of a fault: {@code running}, {@code not-running} (as read from the kernel), {@code stopped}. */
public enum FaultStatus {
    RUNNING("running"), NOT_RUNNING("not-running"), STOPPED("stopped");

    private final String wire;

    FaultStatus(String wire) {
        this.wire = wire;
    }

    /** The API's word for this status. */
    public String wire() {
        return wire;
    }

    static FaultStatus parse(String wire) {
        for (FaultStatus s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Status: '" + wire + "' (expected: running, not-running or stopped)");
    }
}
