package dev.netfault.bridge.state;

import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Ownership;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Every netfault-owned object in one namespace at one moment, as {@link StateReader} found it. */
public record KernelState(List<KernelObject> objects) {

    public KernelState {
        objects = List.copyOf(objects);
    }

    public boolean isEmpty() {
        return objects.isEmpty();
    }

    /** The objects that carry this fault's id. */
    public List<KernelObject> objectsOf(FaultId id) {
        return objects.stream().filter(o -> o.owner().equals(Optional.of(id))).toList();
    }

    /** netfault's root qdisc ({@code 4e46:}) on this interface, if there is one. */
    public Optional<KernelObject> tcRootOn(String iface) {
        return objects.stream().filter(o -> o.kind() == ObjectKind.TC_QDISC && o.parent().equals("root")
                && o.name().equals(Ownership.TC_ROOT_HANDLE) && o.iface().equals(Optional.of(iface))).findFirst();
    }

    /** The ids of every fault with an object in the kernel. */
    public Set<FaultId> owners() {
        Set<FaultId> ids = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        objects.forEach(o -> o.owner().ifPresent(ids::add));
        return ids;
    }

    public List<KernelObject> ofKind(ObjectKind kind) {
        return objects.stream().filter(o -> o.kind() == kind).toList();
    }
}
