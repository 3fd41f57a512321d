package dev.netfault.bridge.plan;

import dev.netfault.bridge.target.InterfaceName;
import java.util.Objects;
import java.util.Optional;

/**
 * One network interface of the target namespace, its current root qdisc and its ingress-side qdisc
 * ({@code ingress} or {@code clsact}, handle {@code ffff:}) if it has one.
 */
public record Link(InterfaceName name, boolean loopback, RootQdisc root, Optional<String> ingressQdisc) {

    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(ingressQdisc, "ingressQdisc");
    }

    /** A link without an ingress or clsact qdisc (the form before ingress qdiscs were reported). */
    public Link(InterfaceName name, boolean loopback, RootQdisc root) {
        this(name, loopback, root, Optional.empty());
    }

    public static Link of(String name, RootQdisc root) {
        return new Link(InterfaceName.of(name), name.equals("lo"), root);
    }

    /** The same link with an {@code ingress} or {@code clsact} qdisc of kind {@code kind}. */
    public Link withIngressQdisc(String kind) {
        return new Link(name, loopback, root, Optional.of(kind));
    }
}
