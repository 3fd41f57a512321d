package dev.netfault.agent.api;

import java.util.Arrays;

/**
 * Finds the first JSON value of a request body and reports syntax errors in the words of Go's {@code encoding/json}
 * {@code Decoder}, which the ECS agent answers with: {@code invalid character 'x' looking for beginning of value},
 * {@code unexpected EOF}, and an empty (or all-space) body as {@link #EMPTY}. Bytes after the first value are not
 * looked at, as {@code Decoder.Decode} does not look at them.
 *
 * <p>A port of the scanner's state machine (not of its code): one state per position in the grammar, a stack of
 * open objects and arrays, at most {@value #MAX_DEPTH} deep.
 */
final class GoScanner {

    /** Thrown for an empty or all-space body: the ECS agent answers {@code required request body is missing}. */
    static final class EmptyBody extends IllegalArgumentException {
        EmptyBody() {
            super(RequestBody.MISSING_BODY);
        }
    }

    static final int MAX_DEPTH = 10_000;

    private enum S {
        BEGIN_VALUE, BEGIN_VALUE_OR_EMPTY, BEGIN_STRING, BEGIN_STRING_OR_EMPTY, END_VALUE,
        IN_STRING, IN_STRING_ESC, ESC_U, ESC_U1, ESC_U12, ESC_U123,
        NEG, ZERO, ONE, DOT, DOT0, E, E_SIGN, E0,
        T, TR, TRU, F, FA, FAL, FALS, N, NU, NUL
    }

    private static final byte OBJECT_KEY = 0;
    private static final byte OBJECT_VALUE = 1;
    private static final byte ARRAY_VALUE = 2;

    private GoScanner() {
    }

    /**
     * The length of the first JSON value in {@code body} (leading space included). Throws {@link EmptyBody}, or an
     * {@link IllegalArgumentException} carrying Go's message.
     */
    static int firstValue(byte[] body) {
        byte[] stack = new byte[16];
        int depth = 0;
        S s = S.BEGIN_VALUE;
        boolean nonSpace = false;
        for (int i = 0; i < body.length; i++) {
            int c = body[i] & 0xff;
            if (!space(c)) {
                nonSpace = true;
            }
            // one step; END_VALUE re-dispatches the same byte after a number or literal ends
            while (true) {
                switch (s) {
                    case BEGIN_VALUE_OR_EMPTY:
                        if (space(c)) {
                            break;
                        }
                        if (c == ']') {
                            s = S.END_VALUE;
                            continue;
                        }
                        s = S.BEGIN_VALUE;
                        continue;
                    case BEGIN_VALUE:
                        if (space(c)) {
                            break;
                        }
                        switch (c) {
                            case '{':
                                if (depth == stack.length) {
                                    stack = Arrays.copyOf(stack, depth * 2);
                                }
                                stack[depth++] = OBJECT_KEY;
                                if (depth > MAX_DEPTH) {
                                    throw error(c, "exceeded max depth");
                                }
                                s = S.BEGIN_STRING_OR_EMPTY;
                                break;
                            case '[':
                                if (depth == stack.length) {
                                    stack = Arrays.copyOf(stack, depth * 2);
                                }
                                stack[depth++] = ARRAY_VALUE;
                                if (depth > MAX_DEPTH) {
                                    throw error(c, "exceeded max depth");
                                }
                                s = S.BEGIN_VALUE_OR_EMPTY;
                                break;
                            case '"': s = S.IN_STRING; break;
                            case '-': s = S.NEG; break;
                            case '0': s = S.ZERO; break;
                            case 't': s = S.T; break;
                            case 'f': s = S.F; break;
                            case 'n': s = S.N; break;
                            default:
                                if (c >= '1' && c <= '9') {
                                    s = S.ONE;
                                    break;
                                }
                                throw error(c, "looking for beginning of value");
                        }
                        break;
                    case BEGIN_STRING_OR_EMPTY:
                        if (space(c)) {
                            break;
                        }
                        if (c == '}') {
                            stack[depth - 1] = OBJECT_VALUE;
                            s = S.END_VALUE;
                            continue;
                        }
                        s = S.BEGIN_STRING;
                        continue;
                    case BEGIN_STRING:
                        if (space(c)) {
                            break;
                        }
                        if (c == '"') {
                            s = S.IN_STRING;
                            break;
                        }
                        throw error(c, "looking for beginning of object key string");
                    case END_VALUE:
                        if (depth == 0) {
                            return i; // the value ended at the byte before; the rest is not read
                        }
                        if (space(c)) {
                            break;
                        }
                        byte ps = stack[depth - 1];
                        if (ps == OBJECT_KEY) {
                            if (c == ':') {
                                stack[depth - 1] = OBJECT_VALUE;
                                s = S.BEGIN_VALUE;
                                break;
                            }
                            throw error(c, "after object key");
                        }
                        if (ps == OBJECT_VALUE) {
                            if (c == ',') {
                                stack[depth - 1] = OBJECT_KEY;
                                s = S.BEGIN_STRING;
                                break;
                            }
                            if (c == '}') {
                                depth--;
                                if (depth == 0) {
                                    return i + 1;
                                }
                                break; // stays END_VALUE
                            }
                            throw error(c, "after object key:value pair");
                        }
                        if (c == ',') {
                            s = S.BEGIN_VALUE;
                            break;
                        }
                        if (c == ']') {
                            depth--;
                            if (depth == 0) {
                                return i + 1;
                            }
                            break;
                        }
                        throw error(c, "after array element");
                    case IN_STRING:
                        if (c == '"') {
                            s = S.END_VALUE;
                        } else if (c == '\\') {
                            s = S.IN_STRING_ESC;
                        } else if (c < 0x20) {
                            throw error(c, "in string literal");
                        }
                        break;
                    case IN_STRING_ESC:
                        switch (c) {
                            case 'b', 'f', 'n', 'r', 't', '\\', '/', '"' -> s = S.IN_STRING;
                            case 'u' -> s = S.ESC_U;
                            default -> throw error(c, "in string escape code");
                        }
                        break;
                    case ESC_U, ESC_U1, ESC_U12, ESC_U123:
                        if (!hex(c)) {
                            throw error(c, "in \\u hexadecimal character escape");
                        }
                        s = switch (s) {
                            case ESC_U -> S.ESC_U1;
                            case ESC_U1 -> S.ESC_U12;
                            case ESC_U12 -> S.ESC_U123;
                            default -> S.IN_STRING;
                        };
                        break;
                    case NEG:
                        if (c == '0') {
                            s = S.ZERO;
                        } else if (c >= '1' && c <= '9') {
                            s = S.ONE;
                        } else {
                            throw error(c, "in numeric literal");
                        }
                        break;
                    case ONE:
                        if (c >= '0' && c <= '9') {
                            break;
                        }
                        s = S.ZERO;
                        continue;
                    case ZERO:
                        if (c == '.') {
                            s = S.DOT;
                        } else if (c == 'e' || c == 'E') {
                            s = S.E;
                        } else {
                            s = S.END_VALUE;
                            continue;
                        }
                        break;
                    case DOT:
                        if (c >= '0' && c <= '9') {
                            s = S.DOT0;
                            break;
                        }
                        throw error(c, "after decimal point in numeric literal");
                    case DOT0:
                        if (c >= '0' && c <= '9') {
                            break;
                        }
                        if (c == 'e' || c == 'E') {
                            s = S.E;
                            break;
                        }
                        s = S.END_VALUE;
                        continue;
                    case E:
                        if (c == '+' || c == '-') {
                            s = S.E_SIGN;
                            break;
                        }
                        s = S.E_SIGN;
                        continue;
                    case E_SIGN:
                        if (c >= '0' && c <= '9') {
                            s = S.E0;
                            break;
                        }
                        throw error(c, "in exponent of numeric literal");
                    case E0:
                        if (c >= '0' && c <= '9') {
                            break;
                        }
                        s = S.END_VALUE;
                        continue;
                    default:
                        s = literal(s, c);
                        break;
                }
                break;
            }
        }
        // end of input: a space would complete a top-level number or literal; anything else open is truncated
        if (depth == 0 && completesAtEnd(s)) {
            return body.length;
        }
        if (!nonSpace) {
            throw new EmptyBody();
        }
        throw new IllegalArgumentException("unexpected EOF");
    }

    private static boolean completesAtEnd(S s) {
        return s == S.END_VALUE || s == S.ZERO || s == S.ONE || s == S.DOT0 || s == S.E0;
    }

    private static S literal(S s, int c) {
        return switch (s) {
            case T -> expect(c, 'r', "true", S.TR);
            case TR -> expect(c, 'u', "true", S.TRU);
            case TRU -> expect(c, 'e', "true", S.END_VALUE);
            case F -> expect(c, 'a', "false", S.FA);
            case FA -> expect(c, 'l', "false", S.FAL);
            case FAL -> expect(c, 's', "false", S.FALS);
            case FALS -> expect(c, 'e', "false", S.END_VALUE);
            case N -> expect(c, 'u', "null", S.NU);
            case NU -> expect(c, 'l', "null", S.NUL);
            case NUL -> expect(c, 'l', "null", S.END_VALUE);
            default -> throw new IllegalStateException(s.name());
        };
    }

    private static S expect(int c, char want, String word, S next) {
        if (c != want) {
            throw error(c, "in literal " + word + " (expecting '" + want + "')");
        }
        return next;
    }

    private static boolean space(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean hex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static IllegalArgumentException error(int c, String context) {
        return new IllegalArgumentException("invalid character " + quoteChar(c) + " " + context);
    }

    /** Go's {@code quoteChar}: the byte as the rune of the same number, quoted as {@code strconv.Quote} does. */
    static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        return "'" + GoQuote.rune(c) + "'";
    }
}
