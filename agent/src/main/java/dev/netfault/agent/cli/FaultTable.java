package dev.netfault.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Renders {@code GET /faults} as a table: one row per fault, with the kernel's view of it. */
final class FaultTable {

    private static final String[] HEADERS = {"ID", "TYPE", "PARAMETERS", "MECHANISM", "INTERFACES", "EXPIRES", "KERNEL"};

    private FaultTable() {
    }

    /** The fault objects of a {@code GET /faults} or {@code DELETE /faults} answer (an array, or {"faults": [...]}). */
    static List<JsonNode> faults(JsonNode answer) {
        JsonNode array = answer.isArray() ? answer : answer.path("faults");
        if (!array.isArray()) {
            array = answer.path("stopped");
        }
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** The first of {@code keys} that is present, as text ("" when none is). */
    static String text(JsonNode node, String... keys) {
        for (String k : keys) {
            JsonNode v = node.get(k);
            if (v != null && !v.isNull()) {
                if (v.isArray()) {
                    List<String> parts = new ArrayList<>();
                    v.forEach(x -> parts.add(x.asText()));
                    return String.join(",", parts);
                }
                return v.isValueNode() ? v.asText() : v.toString();
            }
        }
        return "";
    }

    static String render(List<JsonNode> faults) {
        if (faults.isEmpty()) {
            return "no active faults\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (JsonNode f : faults) {
            rows.add(new String[] {text(f, "id"), text(f, "type", "kind"), parameters(f.path("parameters")),
                text(f, "mechanism"), text(f, "interfaces"), text(f, "expiresAt", "expires"), kernel(f)});
        }
        int[] width = new int[HEADERS.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String parameters(JsonNode p) {
        if (!p.isObject()) {
            return p.isMissingNode() ? "" : p.asText();
        }
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(e.getKey() + "=" + (e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        }
        return String.join(" ", parts);
    }

    private static String kernel(JsonNode f) {
        String state = text(f, "state");
        if (state.isEmpty() && f.has("present")) {
            state = f.get("present").asBoolean() ? "present" : "missing";
        }
        JsonNode counters = f.path("counters");
        if (counters.isObject() && counters.size() > 0) {
            state += " " + parameters(counters);
        }
        return state.strip();
    }
}
