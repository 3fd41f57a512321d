package dev.netfault.agent.kernel;

import dev.netfault.bridge.plan.Lease;

/**
 * Why kernel mode refuses a fault the kernel cannot let lapse by itself (the 400 of a start, and the health answer for
 * its kind), naming what is missing and the way out ({@code serve --allow-unleased}).
 */
final class LeaseRefusal {

    private LeaseRefusal() {
    }

    /** The message for {@code kind}, whose plan's {@code lease} is unleased. */
    static String of(String kind, Lease lease) {
        return kind + " would not be held by a kernel lease here: " + lease.unleasedReason().orElse("")
                + "; a fault without a lease stays in the kernel if the agent dies, until its deadline or forever."
                + " Start the agent with --allow-unleased to run it anyway";
    }
}
