package dev.netfault.bridge.plan;

import dev.netfault.bridge.target.InterfaceName;
import java.util.Objects;

/** One network interface of the target namespace and its current root qdisc. */
public record Link(InterfaceName name, boolean loopback, RootQdisc root) {

    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
    }

    public static Link of(String name, RootQdisc root) {
        return new Link(InterfaceName.of(name), name.equals("lo"), root);
    }
}
