package dev.netfault.testcontainers;

/** Why the sidecar could not serve, in words that say what to do; {@link NetfaultContainer#start()} throws it as is. */
public final class SidecarFailure extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    SidecarFailure(String message) {
        super(message);
    }

    SidecarFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
