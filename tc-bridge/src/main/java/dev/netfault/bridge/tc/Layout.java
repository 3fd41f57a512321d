package dev.netfault.bridge.tc;

import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.UnsupportedFaultException;

/**
 * The classful root under which netem sits: {@code prio} (the ECS agent's layout), {@code htb} when the kernel lacks
 * sch_prio, or {@code htb} with a flow-hash sampling level when only some flows are impaired.
 */
public enum Layout {
    PRIO, HTB, HTB_FLOWS;

    /** The layout this kernel supports for {@code flowsPercent}; names what is missing when there is none. */
    public static Layout choose(Capabilities caps, int flowsPercent) {
        if (flowsPercent < 100) {
            if (!caps.has(Feature.HTB)) {
                throw new UnsupportedFaultException("flowsPercent " + flowsPercent + " needs sch_htb and cls_flow ("
                        + caps.reason(Feature.HTB) + "); use flowsPercent 100 or a kernel with sch_htb");
            }
            return HTB_FLOWS;
        }
        if (caps.has(Feature.PRIO)) {
            return PRIO;
        }
        if (caps.has(Feature.HTB)) {
            return HTB;
        }
        throw new UnsupportedFaultException("netem needs a classful root qdisc: sch_prio (" + caps.reason(Feature.PRIO)
                + ") or sch_htb (" + caps.reason(Feature.HTB) + "); load one of them or run `netfault doctor`");
    }

    /** The root's kind as {@code tc -j} prints it. */
    public String kind() {
        return this == PRIO ? "prio" : "htb";
    }
}
