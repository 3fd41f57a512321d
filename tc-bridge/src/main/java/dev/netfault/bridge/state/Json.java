package dev.netfault.bridge.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Parses the JSON that {@code ip -j}, {@code tc -j} and {@code nft -j} print (for the readers and the probe). */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The parsed document; an empty output (tc prints nothing for "no filters") is an empty array. */
    public static JsonNode parse(String what, String text) {
        if (text == null || text.isBlank()) {
            return MAPPER.createArrayNode();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String head = text.length() > 200 ? text.substring(0, 200) + "..." : text;
            throw new KernelOutputException("'" + what + "' printed output that is not JSON (" + e.getOriginalMessage()
                    + "): " + head.strip());
        }
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    public static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n.path(p);
        }
        return n == null ? MissingNode.getInstance() : n;
    }
}
