package dev.netfault.bridge.tc;

import dev.netfault.bridge.plan.ForeignQdiscException;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.plan.SlotTakenException;
import java.util.List;

/**
 * The one ingress-side qdisc slot ({@code ffff:}, an {@code ingress} or a {@code clsact} qdisc) an interface has. A
 * fault that needs it refuses when it is taken: by another netfault fault (an ifb {@code nf<id>i}, {@code nf<id>d} or {@code nf<id>b}
 * of netfault exists), which must be stopped first, or by someone else, whose qdisc netfault never replaces.
 */
public final class IngressSlot {

    private IngressSlot() {
    }

    /**
     * @param purpose what needs the slot, e.g. {@code "an ingress latency fault needs its own ingress qdisc"}
     * @throws SlotTakenException     when a netfault fault holds the slot
     * @throws ForeignQdiscException   when someone else's qdisc holds it
     */
    public static void requireFree(NamespaceFacts facts, List<Link> targets, String purpose) {
        boolean ours = facts.links().stream().map(l -> l.name().value())
                .anyMatch(n -> Ownership.ofLink(n).isPresent() && (n.endsWith("i") || n.endsWith("d") || n.endsWith("b")));
        for (Link l : targets) {
            if (l.ingressQdisc().isEmpty()) {
                continue;
            }
            String kind = l.ingressQdisc().get();
            if (ours) {
                throw new SlotTakenException("a netfault fault already uses the " + kind + " qdisc of " + l.name()
                        + "; stop it first (" + purpose + ")");
            }
            throw new ForeignQdiscException("interface " + l.name() + " already has " + (kind.startsWith("i") ? "an " : "a ")
                    + kind + " qdisc that netfault does not own; " + purpose + " and netfault never deletes or replaces "
                    + "a qdisc it does not own. Remove it yourself if nothing needs it");
        }
    }
}
