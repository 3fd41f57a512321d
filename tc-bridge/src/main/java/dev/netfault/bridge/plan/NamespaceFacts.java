package dev.netfault.bridge.plan;

import dev.netfault.bridge.target.InterfaceName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a planner knows about the target namespace: its interfaces (with their root qdiscs) and capabilities. */
public record NamespaceFacts(List<Link> links, Capabilities capabilities) {

    public NamespaceFacts {
        links = List.copyOf(links);
        Objects.requireNonNull(capabilities, "capabilities");
    }

    /**
     * The interfaces a fault acts on: the named one (which must exist), or every non-loopback one that netfault did not
     * create itself (its ifb links {@code nf<id><letter>} are never targets of another fault).
     */
    public List<Link> targets(Optional<InterfaceName> iface) {
        if (iface.isPresent()) {
            Link l = links.stream().filter(x -> x.name().equals(iface.get())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("interface: '" + iface.get().value()
                            + "' (expected: one of " + links.stream().map(x -> x.name().value()).toList() + ")"));
            if (l.loopback()) {
                throw new IllegalArgumentException("interface: 'lo' (expected: a non-loopback interface; loopback is always exempt)");
            }
            return List.of(l);
        }
        List<Link> out = links.stream().filter(l -> !l.loopback())
                .filter(l -> Ownership.ofLink(l.name().value()).isEmpty()).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("interface: the namespace has no non-loopback interface to impair");
        }
        return out;
    }
}
