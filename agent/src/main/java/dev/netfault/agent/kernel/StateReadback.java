package dev.netfault.agent.kernel;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.state.Counters;
import dev.netfault.bridge.state.KernelObject;
import dev.netfault.bridge.state.KernelState;
import dev.netfault.bridge.state.StateReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a fault's objects back with the kernel package's {@link StateReader}: the objects carrying its id, plus, for a
 * fault that builds netfault's tc tree ({@link Touches#TC_TREE}), the id-less tc objects on its interfaces. Only the
 * subsystems the fault touches are read (its plan creates nothing elsewhere), and an nft fault's own tables by name.
 */
public final class StateReadback implements KernelEnforcer.Readback {

    private final StateReader reader;

    public StateReadback(StateReader reader) {
        this.reader = reader;
    }

    @Override
    public Map<String, Long> counters(AppliedFault fault) throws InterruptedException {
        return counters(reader.read(fault.touches(), List.of(fault.id())), fault);
    }

    static Map<String, Long> counters(KernelState state, AppliedFault fault) {
        Counters sum = Counters.ZERO;
        for (KernelObject o : objects(state, fault)) {
            sum = sum.plus(o.counters());
        }
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("packets", sum.packets());
        m.put("bytes", sum.bytes());
        m.put("packetsDropped", sum.drops());
        if (Kinds.byName(fault.kind()).map(FaultKind::delays).orElse(false)) {
            m.put("packetsDelayed", sum.packets());
        }
        return m;
    }

    @Override
    public List<String> leftovers(AppliedFault fault) throws InterruptedException {
        return objects(reader.read(fault.touches(), List.of(fault.id())), fault).stream().map(KernelObject::toString)
                .toList();
    }

    /** One read of the kernel for all of them, of what any of them touches. */
    @Override
    public Map<FaultId, List<String>> leftovers(List<AppliedFault> faults) throws InterruptedException {
        Set<Touches> what = EnumSet.noneOf(Touches.class);
        faults.forEach(f -> what.addAll(f.touches()));
        KernelState state = reader.read(faults.stream().anyMatch(f -> f.touches().isEmpty())
                ? EnumSet.allOf(Touches.class) : what, faults.stream().map(AppliedFault::id).toList());
        Map<FaultId, List<String>> out = new LinkedHashMap<>();
        for (AppliedFault f : faults) {
            out.put(f.id(), objects(state, f).stream().map(KernelObject::toString).toList());
        }
        return out;
    }

    static List<KernelObject> objects(KernelState state, AppliedFault fault) {
        List<KernelObject> out = new ArrayList<>(state.objectsOf(fault.id()));
        if (fault.touches(Touches.TC_TREE)) {
            state.objects().stream().filter(o -> o.owner().isEmpty() && o.kind().isTc()
                    && o.iface().map(fault.interfaces()::contains).orElse(false)).forEach(out::add);
        }
        return out;
    }
}
