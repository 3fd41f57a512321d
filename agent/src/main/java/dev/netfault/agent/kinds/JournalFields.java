package dev.netfault.agent.kinds;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading a journal object's fields: a missing one is an error naming it, never a default. */
public final class JournalFields {

    private JournalFields() {
    }

    public static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + ": missing (expected: a value in the journal entry)");
        }
        return v;
    }

    public static String text(JsonNode n, String field) {
        return required(n, field).asText();
    }
}
