package dev.netfault.agent.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A fault request body decoded with the ECS agent's (Go {@code encoding/json}) rules: the first JSON value only, keys
 * matched case-insensitively (the last duplicate wins), unknown keys ignored, {@code null} as absent, unsigned integers
 * that reject negatives, fractions and overflow. Type errors read like Go's:
 * {@code json: cannot unmarshal number -1 into Go struct field NetworkLatencyRequest.DelayMilliseconds of type uint64}.
 *
 * <p>{@code RequestBody.parse(bytes, "NetworkLatencyRequest").uint("DelayMilliseconds", 64)}
 */
public final class RequestBody {

    /** The ECS agent's answer to an empty body. */
    public static final String MISSING_BODY = "required request body is missing";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final String struct;
    private final Map<String, Value> fields;

    private RequestBody(String struct, Map<String, Value> fields) {
        this.struct = struct;
        this.fields = fields;
    }

    /** A scalar or container as it appeared: its JSON kind, its literal text, and for arrays the elements. */
    record Value(String kind, String text, List<Value> elements) {
    }

    /**
     * Decodes {@code body}; {@code struct} is the Go type name used in messages. Throws {@link IllegalArgumentException}
     * with the ECS agent's message for an empty body, a syntax error or a non-object value.
     */
    public static RequestBody parse(byte[] body, String struct) {
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException(MISSING_BODY);
            }
            if (first == JsonToken.VALUE_NULL) {
                return new RequestBody(struct, Map.of());
            }
            if (first != JsonToken.START_OBJECT) {
                Value v = read(p, first);
                throw new IllegalArgumentException("json: cannot unmarshal " + v.kind() + " into Go value of type types." + struct);
            }
            Map<String, Value> fields = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName().toLowerCase(Locale.ROOT);
                fields.put(name, read(p, p.nextToken()));
            }
            return new RequestBody(struct, fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON body: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON body: " + e.getMessage());
        }
    }

    private static Value read(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IllegalArgumentException("invalid JSON body: unexpected end of input");
        }
        switch (t) {
            case START_OBJECT:
                p.skipChildren();
                return new Value("object", null, List.of());
            case START_ARRAY: {
                List<Value> elements = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    elements.add(read(p, e));
                }
                return new Value("array", null, elements);
            }
            case VALUE_STRING:
                return new Value("string", p.getText(), List.of());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Value("number", p.getText(), List.of());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Value("bool", p.getText(), List.of());
            case VALUE_NULL:
                return new Value("null", null, List.of());
            default:
                throw new IllegalArgumentException("invalid JSON body: unexpected token " + t);
        }
    }

    /** True when the key is present and not null. */
    public boolean has(String field) {
        Value v = fields.get(field.toLowerCase(Locale.ROOT));
        return v != null && !v.kind().equals("null");
    }

    /** An unsigned integer of {@code bits} (16 or 64) bits; empty when absent or null. */
    public Optional<Long> uint(String field, int bits) {
        Value v = fields.get(field.toLowerCase(Locale.ROOT));
        if (v == null || v.kind().equals("null")) {
            return Optional.empty();
        }
        String type = "uint" + bits;
        if (!v.kind().equals("number")) {
            throw typeError(v.kind(), field, type);
        }
        String text = v.text();
        if (!text.matches("(0|[1-9][0-9]*)")) {
            throw typeError("number " + text, field, type);
        }
        BigInteger n = new BigInteger(text);
        BigInteger limit = BigInteger.ONE.shiftLeft(bits);
        if (n.compareTo(limit) >= 0) {
            throw typeError("number " + text, field, type);
        }
        return Optional.of(n.bitLength() > 63 ? Long.MAX_VALUE : n.longValue()); // beyond any range a field allows
    }

    /** A string; empty when absent or null. */
    public Optional<String> string(String field) {
        Value v = fields.get(field.toLowerCase(Locale.ROOT));
        if (v == null || v.kind().equals("null")) {
            return Optional.empty();
        }
        if (!v.kind().equals("string")) {
            throw typeError(v.kind(), field, "string");
        }
        return Optional.of(v.text());
    }

    /** A list of strings ({@code []*string}); a null element reads as the empty string, as {@code aws.ToString}. */
    public List<String> strings(String field) {
        Value v = fields.get(field.toLowerCase(Locale.ROOT));
        if (v == null || v.kind().equals("null")) {
            return List.of();
        }
        if (!v.kind().equals("array")) {
            throw typeError(v.kind(), field, "[]*string");
        }
        List<String> out = new ArrayList<>(v.elements().size());
        for (Value e : v.elements()) {
            if (e.kind().equals("null")) {
                out.add("");
            } else if (e.kind().equals("string")) {
                out.add(e.text());
            } else {
                throw typeError(e.kind(), field, "string");
            }
        }
        return out;
    }

    private IllegalArgumentException typeError(String what, String field, String type) {
        return new IllegalArgumentException("json: cannot unmarshal " + what + " into Go struct field "
                + struct + "." + field + " of type " + type);
    }
}
