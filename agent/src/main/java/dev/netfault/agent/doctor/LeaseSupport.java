package dev.netfault.agent.doctor;

import dev.netfault.agent.faults.Health;
import java.util.ArrayList;
import java.util.List;

/**
 * Per fault kind and direction, whether the kernel here holds it by a lease a live agent must renew — read from the
 * same {@link Health} that {@code /healthz} serves (the planners' own verdicts): the lease's mechanism, or why the
 * fault would be unleased (refused unless {@code serve --allow-unleased}).
 */
public final class LeaseSupport {

    private LeaseSupport() {
    }

    public static List<String> of(Health health) {
        List<String> out = new ArrayList<>();
        int column = KindVerdict.column(health.unsupported().keySet());
        health.unsupported().forEach((kind, why) -> {
            String verdict;
            if (health.unleased().containsKey(kind)) {
                verdict = "UNLEASED (refused unless --allow-unleased): " + health.unleased().get(kind);
            } else if (!why.isEmpty()) {
                verdict = "cannot work here (see above)";
            } else {
                verdict = "leased: " + health.mechanisms().getOrDefault(kind, "");
            }
            out.add(KindVerdict.line(kind, column, verdict));
        });
        return out;
    }
}
