package dev.netfault.bridge.state;

import dev.netfault.bridge.plan.FaultId;
import java.util.Objects;
import java.util.Optional;

/**
 * One netfault-owned object found in the kernel.
 *
 * <ul>
 *   <li>{@code name}: chain, table, link or set name; a qdisc's handle ({@code 4e46:}); for a rule the rule as
 *       {@code iptables-save} prints it ({@code -A INPUT -m comment --comment "netfault:1a2b3c4d" -j NETFAULT-1a2b3c4d});
 *       for a filter {@code pref 7}</li>
 *   <li>{@code type}: the iptables table, nft family, qdisc kind, filter direction, link kind or set type</li>
 *   <li>{@code parent}: {@code root} or the parent of a qdisc, the chain a rule is in, else empty</li>
 *   <li>{@code owner}: the fault it belongs to; empty for tc objects in the reserved range, which carry no id</li>
 * </ul>
 */
public record KernelObject(ObjectKind kind, String name, String type, String parent, Optional<String> iface,
                           Optional<FaultId> owner, Counters counters) {

    public KernelObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(counters, "counters");
    }

    /** Kind, name and place: what identifies the object across two reads (counters and owner aside). */
    public String key() {
        return kind + " " + type + " " + parent + " " + iface.orElse("") + " " + name;
    }

    @Override
    public String toString() {
        return kind + " " + name + (type.isEmpty() ? "" : " (" + type + ")") + iface.map(i -> " dev " + i).orElse("")
                + owner.map(o -> " of " + o).orElse("") + " " + counters.packets() + " pkts " + counters.drops()
                + " drops";
    }
}
