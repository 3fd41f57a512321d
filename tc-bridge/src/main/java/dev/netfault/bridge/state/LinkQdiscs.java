package dev.netfault.bridge.state;

import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.target.InterfaceName;
import java.util.Objects;
import java.util.Optional;

/**
 * One link as {@code ip -j link show} and {@code tc -j qdisc show} describe it: its root qdisc, whether it already
 * has an {@code ingress} or {@code clsact} qdisc (someone's filters may hang there), and whether the root is the
 * kernel's multiqueue {@code mq} default (whose per-queue children are kernel defaults too).
 */
public record LinkQdiscs(InterfaceName name, boolean loopback, boolean up, RootQdisc root, Optional<String> ingressKind) {

    public LinkQdiscs {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(ingressKind, "ingressKind");
    }

    /** True when the link has an {@code ingress} or {@code clsact} qdisc. */
    public boolean hasIngressQdisc() {
        return ingressKind.isPresent();
    }

    /** True when the root is the kernel's {@code mq} default of a multiqueue device. */
    public boolean multiqueue() {
        return root.kind().equals("mq");
    }

    /** The planner's view of this link, its ingress or clsact qdisc included (a fault never replaces it). */
    public Link toLink() {
        return new Link(name, loopback, root, ingressKind);
    }
}
