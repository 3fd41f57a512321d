package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stops, always with the {@link FaultManager}'s lock held: those queued behind the lock are reverted together
 * ({@link HeldFaults#revertGroup}) and each gets its own answer (of several stops of one key the first stops the fault
 * and the others find it stopped; a stop of a key not held answers false; a failed revert fails every stop of its
 * key); the killswitch reverts every held fault together.
 */
final class StopCommit {

    private final HeldFaults held;
    private final StopQueue stops;
    private final Duration revertTimeout;

    StopCommit(HeldFaults held, StopQueue stops, Duration revertTimeout) {
        this.held = held;
        this.stops = stops;
        this.revertTimeout = revertTimeout;
    }

    /** Lock held. Reverts the faults of every queued stop together; a second stop of one key finds it stopped. */
    void commitQueued() {
        Map<FaultKey, List<StopQueue.Pending>> byKey = new LinkedHashMap<>();
        for (StopQueue.Pending p : stops.takeAll()) {
            byKey.computeIfAbsent(p.key, k -> new ArrayList<>()).add(p);
        }
        List<HeldFaults.Slot> slots = new ArrayList<>();
        byKey.forEach((k, ps) -> {
            HeldFaults.Slot slot = held.get(k);
            if (slot == null) {
                ps.forEach(p -> p.answer(false));
            } else {
                slots.add(slot);
            }
        });
        Map<FaultId, RuntimeException> failed = held.revertGroup(slots, "stopped", revertTimeout);
        for (HeldFaults.Slot slot : slots) {
            List<StopQueue.Pending> ps = byKey.get(slot.entry().key());
            RuntimeException e = failed.get(slot.entry().applied().id());
            for (int i = 0; i < ps.size(); i++) {
                if (e != null) {
                    ps.get(i).fail(e);
                } else {
                    ps.get(i).answer(i == 0);
                }
            }
        }
    }

    /** Lock held. Reverts every held fault together (the killswitch); throws the first failure once all were tried. */
    List<ActiveFault> stopAll() {
        List<HeldFaults.Slot> all = held.snapshot();
        Map<FaultId, RuntimeException> failed = held.revertGroup(all, "killswitch", revertTimeout);
        for (HeldFaults.Slot slot : all) {
            RuntimeException e = failed.get(slot.entry().applied().id());
            if (e != null) {
                throw e; // the first failure; every other fault was still tried
            }
        }
        return all.stream().map(HeldFaults.Slot::fault).toList();
    }
}
