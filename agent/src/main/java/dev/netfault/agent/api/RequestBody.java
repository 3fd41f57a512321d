package dev.netfault.agent.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fault request body decoded with the ECS agent's (Go {@code encoding/json} {@code Decoder}) rules: the first JSON
 * value only, Go's syntax error messages ({@link GoScanner}), keys matched exactly or else case-folded (the last
 * duplicate wins), unknown keys ignored, {@code null} as absent. Given the struct's fields, every occurrence of a known
 * key is type-checked in document order and the first mismatch is the answer, before any validation, as Go saves
 * the first {@code UnmarshalTypeError}:
 * {@code json: cannot unmarshal number -1 into Go struct field NetworkLatencyRequest.DelayMilliseconds of type uint64}.
 *
 * <p>{@code RequestBody.parse(bytes, "NetworkLatencyRequest", Map.of("DelayMilliseconds", GoType.UINT64)).uint("DelayMilliseconds", 64)}
 */
public final class RequestBody {

    /** The ECS agent's answer to an empty body. */
    public static final String MISSING_BODY = "required request body is missing";

    /** The Go type of a struct field, as messages name it. */
    public enum GoType {
        UINT16("uint16"), UINT64("uint64"), INT("int"), STRING("string"), STRINGS("[]*string"), INTS("[]int");

        private final String go;

        GoType(String go) {
            this.go = go;
        }
    }

    private final String struct;
    private final Map<String, Value> fields;

    private RequestBody(String struct, Map<String, Value> fields) {
        this.struct = struct;
        this.fields = fields;
    }

    /** A scalar or container as it appeared: its JSON kind, its decoded text, and for arrays the elements. */
    record Value(String kind, String text, List<Value> elements) {
    }

    /** {@link #parse(byte[], String, Map)} without type checks at parse time: accessors check when called. */
    public static RequestBody parse(byte[] body, String struct) {
        return parse(body, struct, Map.of());
    }

    /**
     * Decodes {@code body}; {@code struct} is the Go type name used in messages, {@code schema} its fields. Throws
     * {@link IllegalArgumentException} with the ECS agent's message for an empty body, a syntax error, a non-object
     * value or the first type mismatch of a schema field.
     */
    public static RequestBody parse(byte[] body, String struct, Map<String, GoType> schema) {
        int end = GoScanner.firstValue(body);
        Reader r = new Reader(body, end);
        r.space();
        Value top = r.value(0);
        if (top.kind().equals("null")) {
            return new RequestBody(struct, Map.of());
        }
        if (!top.kind().equals("object")) {
            throw new IllegalArgumentException("json: cannot unmarshal " + top.kind() + " into Go value of type types." + struct);
        }
        Map<String, GoType> bySchemaFold = new HashMap<>();
        schema.forEach((name, type) -> bySchemaFold.put(fold(name), type));
        Map<String, String> names = new HashMap<>();
        schema.keySet().forEach(name -> names.put(fold(name), name));
        RequestBody out = new RequestBody(struct, new HashMap<>());
        IllegalArgumentException first = null;
        for (int i = 0; i < top.elements().size(); i += 2) {
            String key = fold(top.elements().get(i).text());
            Value v = top.elements().get(i + 1);
            GoType t = bySchemaFold.get(key);
            if (t != null && first == null) {
                first = out.check(v, names.get(key), t);
            }
            out.fields.put(key, v);
        }
        if (first != null) {
            throw first;
        }
        return out;
    }

    /** Go's key folding: ASCII case, and the two runes that fold into ASCII letters (ſ to S, the Kelvin sign to K). */
    static String fold(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 32);
            } else if (c == '\u017f') {
                c = 'S';
            } else if (c == '\u212a') {
                c = 'K';
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Reads the value span the scanner accepted; containers below the top level are skipped, kept as their kind. */
    private static final class Reader {
        private final byte[] b;
        private final int end;
        private int i;

        Reader(byte[] b, int end) {
            this.b = b;
            this.end = end;
        }

        void space() {
            while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
                i++;
            }
        }

        /** The value at the cursor; {@code depth} 0 keeps an object's members, 0 and 1 keep an array's elements. */
        Value value(int depth) {
            byte c = b[i];
            if (c == '{' || c == '[') {
                boolean object = c == '{';
                i++;
                List<Value> parts = new ArrayList<>();
                space();
                while (b[i] != (object ? '}' : ']')) {
                    if (object) {
                        parts.add(string()); // the key
                        space();
                        i++; // ':'
                        space();
                    }
                    Value v = value(depth + 1);
                    if (object ? depth == 0 : depth <= 1) {
                        parts.add(v);
                    }
                    space();
                    if (b[i] == ',') {
                        i++;
                        space();
                    }
                }
                i++;
                return new Value(object ? "object" : "array", null, object && depth > 0 || !object && depth > 1 ? List.of() : parts);
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < end && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\r'
                    && b[i] != '\n') {
                i++;
            }
            String text = new String(b, start, i - start, java.nio.charset.StandardCharsets.US_ASCII);
            return switch (c) {
                case 't', 'f' -> new Value("bool", text, List.of());
                case 'n' -> new Value("null", null, List.of());
                default -> new Value("number", text, List.of());
            };
        }

        private Value string() {
            int start = ++i;
            while (b[i] != '"') {
                i += b[i] == '\\' ? 2 : 1;
            }
            String s = GoQuote.unquote(b, start, i);
            i++;
            return new Value("string", s, List.of());
        }
    }

    private Value raw(String field) {
        Value v = fields.get(fold(field));
        return v == null || v.kind().equals("null") ? null : v;
    }

    /** True when the key is present and not null. */
    public boolean has(String field) {
        return raw(field) != null;
    }

    /** An unsigned integer of {@code bits} (16 or 64) bits; empty when absent or null. Beyond 2^63 reads as Long.MAX_VALUE. */
    public Optional<Long> uint(String field, int bits) {
        Value v = raw(field);
        if (v == null) {
            return Optional.empty();
        }
        throwIf(check(v, field, bits == 16 ? GoType.UINT16 : GoType.UINT64));
        BigInteger n = new BigInteger(v.text());
        return Optional.of(n.bitLength() > 63 ? Long.MAX_VALUE : n.longValue());
    }

    /** An unsigned 64-bit integer exactly, for messages that print it as Go's {@code int(v)} would. */
    public Optional<BigInteger> uint64(String field) {
        Value v = raw(field);
        if (v == null) {
            return Optional.empty();
        }
        throwIf(check(v, field, GoType.UINT64));
        return Optional.of(new BigInteger(v.text()));
    }

    /** A signed 64-bit integer (Go's {@code int}); empty when absent or null. */
    public Optional<Long> integer(String field) {
        Value v = raw(field);
        if (v == null) {
            return Optional.empty();
        }
        throwIf(check(v, field, GoType.INT));
        return Optional.of(Long.parseLong(v.text()));
    }

    /** A string; empty when absent or null. */
    public Optional<String> string(String field) {
        Value v = raw(field);
        if (v == null) {
            return Optional.empty();
        }
        throwIf(check(v, field, GoType.STRING));
        return Optional.of(v.text());
    }

    /** A list of strings ({@code []*string}); a null element reads as the empty string, as {@code aws.ToString}. */
    public List<String> strings(String field) {
        Value v = raw(field);
        if (v == null) {
            return List.of();
        }
        throwIf(check(v, field, GoType.STRINGS));
        List<String> out = new ArrayList<>(v.elements().size());
        for (Value e : v.elements()) {
            out.add(e.kind().equals("null") ? "" : e.text());
        }
        return out;
    }

    /** A list of signed 64-bit integers (Go's {@code []int}); a null element reads as 0, as Go leaves it. */
    public List<Long> integers(String field) {
        Value v = raw(field);
        if (v == null) {
            return List.of();
        }
        throwIf(check(v, field, GoType.INTS));
        List<Long> out = new ArrayList<>(v.elements().size());
        for (Value e : v.elements()) {
            out.add(e.kind().equals("null") ? 0L : Long.parseLong(e.text()));
        }
        return out;
    }

    private static void throwIf(IllegalArgumentException e) {
        if (e != null) {
            throw e;
        }
    }

    /** Go's verdict on storing {@code v} in a field of type {@code t}: null when it fits. */
    private IllegalArgumentException check(Value v, String field, GoType t) {
        String kind = v.kind();
        if (kind.equals("null")) {
            return null;
        }
        switch (t) {
            case STRINGS:
                if (!kind.equals("array")) {
                    return typeError(kind, field, t.go);
                }
                for (Value e : v.elements()) {
                    if (!e.kind().equals("null") && !e.kind().equals("string")) {
                        return typeError(e.kind(), field, "string");
                    }
                }
                return null;
            case INTS:
                if (!kind.equals("array")) {
                    return typeError(kind, field, t.go);
                }
                for (Value e : v.elements()) {
                    if (e.kind().equals("null")) {
                        continue;
                    }
                    if (!e.kind().equals("number")) {
                        return typeError(e.kind(), field, "int");
                    }
                    if (!fits(e.text(), GoType.INT)) {
                        return typeError("number " + e.text(), field, "int");
                    }
                }
                return null;
            case STRING:
                return kind.equals("string") ? null : typeError(kind, field, t.go);
            default:
                if (!kind.equals("number")) {
                    return typeError(kind, field, t.go);
                }
                return fits(v.text(), t) ? null : typeError("number " + v.text(), field, t.go);
        }
    }

    /** {@code strconv.ParseUint / ParseInt(s, 10, 64)} and the field's width. */
    private static boolean fits(String text, GoType t) {
        boolean signed = t == GoType.INT;
        if (!text.matches(signed ? "-?[0-9]+" : "[0-9]+")) {
            return false;
        }
        BigInteger n = new BigInteger(text);
        return switch (t) {
            case UINT16 -> n.bitLength() <= 16;
            case UINT64 -> n.bitLength() <= 64;
            default -> n.bitLength() <= 63;
        };
    }

    private IllegalArgumentException typeError(String what, String field, String type) {
        return new IllegalArgumentException("json: cannot unmarshal " + what + " into Go struct field "
                + struct + "." + field + " of type " + type);
    }
}
