package dev.netfault.bridge.plan;

/**
 * Another netfault fault already holds a kernel slot this fault needs (an interface's root qdisc, or its one
 * ingress-side qdisc); the message names the interface and what holds it, and says to stop that fault first, e.g.
 * {@code a netfault tc fault is already active on eth0 (root qdisc prio 4e46:); stop it first}. The API answers 409.
 */
public class SlotTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SlotTakenException(String message) {
        super(message);
    }
}
