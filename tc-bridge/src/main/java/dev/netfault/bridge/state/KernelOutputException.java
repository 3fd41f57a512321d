package dev.netfault.bridge.state;

/** A tool printed something netfault cannot read (not JSON, or not the shape its version documents). */
public class KernelOutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelOutputException(String message) {
        super(message);
    }
}
