package dev.netfault.agent.doctor;

import dev.netfault.agent.faults.Health;
import java.util.ArrayList;
import java.util.Collection;
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

    /** {@code latency:   works via tc prio+netem, nft priority}, the text starting after a {@code column}-wide label. */
    public String render(int column) {
        return line(kind, column, (works ? "works via " : "CANNOT WORK: ") + explanation);
    }

    /** The width of the kind column: the longest {@code kind:} label of {@code kinds}. */
    static int column(Collection<String> kinds) {
        return kinds.stream().mapToInt(k -> k.length() + 1).max().orElse(0);
    }

    /** {@code kind:} left-aligned in {@code column} characters, one space, then {@code text}. */
    static String line(String kind, int column, String text) {
        String label = kind + ":";
        return label + " ".repeat(Math.max(0, column - label.length()) + 1) + text;
    }
}
