package dev.netfault.agent.doctor;

import dev.netfault.agent.faults.Health;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Whether one fault kind can work in this namespace: the mechanism it would use, or why it cannot. */
public record KindVerdict(String kind, boolean works, String explanation) {

    public KindVerdict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** One verdict per kind {@code health} answers for, in its order: the planner's mechanism or its refusal. */
    public static List<KindVerdict> of(Health health) {
        List<KindVerdict> out = new ArrayList<>();
        health.unsupported().forEach((kind, why) -> out.add(why.isEmpty()
                ? new KindVerdict(kind, true, health.mechanisms().getOrDefault(kind, ""))
                : new KindVerdict(kind, false, why)));
        return out;
    }

    public String render() {
        return String.format("%-18s %s", kind + ":", (works ? "works via " : "CANNOT WORK: ") + explanation);
    }
}
