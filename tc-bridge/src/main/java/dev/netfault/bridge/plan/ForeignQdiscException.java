package dev.netfault.bridge.plan;

/** An interface has a root qdisc netfault does not own; netfault refuses to delete or replace it. */
public class ForeignQdiscException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ForeignQdiscException(String message) {
        super(message);
    }
}
