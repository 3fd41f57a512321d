package dev.netfault.agent.doctor;

import java.util.Objects;

/** Whether one fault kind can work in this namespace: the mechanism it would use, or why it cannot. */
public record KindVerdict(String kind, boolean works, String explanation) {

    public KindVerdict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(explanation, "explanation");
    }

    public String render() {
        return String.format("%-18s %s", kind + ":", (works ? "works via " : "CANNOT WORK: ") + explanation);
    }
}
