package dev.netfault.agent.faults;

import dev.netfault.bridge.plan.FaultId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one renewal of every live fault's lease did: {@code merged} when the one-process-per-tool transaction succeeded
 * at the first try; otherwise each fault was renewed on its own and {@code failed} names those that still failed, with
 * the kernel's message.
 */
public record Renewal(int faults, boolean merged, Map<FaultId, String> failed) {

    public static final Renewal NOTHING = new Renewal(0, true, Map.of());

    public Renewal {
        failed = Map.copyOf(new LinkedHashMap<>(failed));
    }

    /** {@code ok}, {@code retried} (the merged transaction failed, every fault alone succeeded) or {@code failed}. */
    public String result() {
        return merged ? "ok" : failed.isEmpty() ? "retried" : "failed";
    }
}
