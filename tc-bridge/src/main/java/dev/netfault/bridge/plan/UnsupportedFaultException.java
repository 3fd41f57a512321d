package dev.netfault.bridge.plan;

/**
 * The kernel or tools of the target namespace cannot enforce a fault; the message names what is missing and how to
 * get it, e.g. {@code latency needs sch_netem, which this kernel lacks (Error: Specified qdisc kind is unknown.)}.
 */
public class UnsupportedFaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFaultException(String message) {
        super(message);
    }
}
