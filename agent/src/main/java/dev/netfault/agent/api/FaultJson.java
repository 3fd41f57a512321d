package dev.netfault.agent.api;

import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultView;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.FaultSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the agent's own routes show faults. A fault: {@code id}, {@code type} (latency, loss, blackhole), {@code key},
 * {@code parameters} (the start request's fields, so they can be sent again; each kind's {@code parameters}), {@code startedAt}, {@code expiresAt},
 * {@code mechanism}, {@code interfaces}; {@code GET /faults} adds {@code present} (the kernel's truth: false once the
 * lease lapsed), {@code counters} and {@code lease} ({@code leased}, and {@code expiresAt} or the {@code reason} there
 * is none).
 */
final class FaultJson {

    private FaultJson() {
    }

    static Map<String, Object> fault(ActiveFault f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id().value());
        m.put("type", f.spec().kind());
        m.put("key", f.key().toString());
        m.put("parameters", parameters(f.spec()));
        m.put("startedAt", f.startedAt().toString());
        m.put("expiresAt", f.expiresAt().toString());
        m.put("mechanism", f.mechanism());
        m.put("interfaces", f.interfaces());
        return m;
    }

    static Map<String, Object> view(FaultView v) {
        Map<String, Object> m = fault(v.fault());
        m.put("present", v.present());
        m.put("counters", new TreeMap<>(v.counters()));
        Map<String, Object> lease = new LinkedHashMap<>();
        lease.put("leased", v.unleasedReason().isEmpty());
        v.leaseExpiresAt().ifPresent(t -> lease.put("expiresAt", t.toString()));
        v.unleasedReason().ifPresent(why -> lease.put("reason", why));
        m.put("lease", lease);
        return m;
    }

    static Map<String, Object> health(Health h) {
        Map<String, Object> faults = new TreeMap<>();
        h.unsupported().forEach((kind, why) -> {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("supported", why.isEmpty());
            if (why.isEmpty()) {
                k.put("mechanism", h.mechanisms().getOrDefault(kind, ""));
                k.put("leased", !h.unleased().containsKey(kind));
                if (h.unleased().containsKey(kind)) {
                    k.put("unleasedReason", h.unleased().get(kind));
                }
            } else {
                k.put("reason", why);
            }
            faults.put(kind, k);
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", h.probing() ? "starting" : "serving");
        m.put("probe", h.probing() ? "running" : "done");
        m.put("mode", h.mode());
        m.put("modeReason", h.modeReason());
        m.put("faults", faults);
        if (!h.leasePolicy().isEmpty()) {
            m.put("lease", h.leasePolicy());
        }
        return m;
    }

    static Map<String, Object> parameters(FaultSpec spec) {
        return Kinds.parameters(spec);
    }
}
