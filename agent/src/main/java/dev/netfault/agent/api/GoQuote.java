package dev.netfault.agent.api;

/**
 * The three string conversions of Go that show in the ECS agent's answers, reproduced so that netfault's bytes are the
 * same: a JSON string literal as {@code json.Marshal} writes it ({@code <} as {@code \u003c}, {@code \b}, lower-case
 * hex), a byte quoted as {@code strconv.Quote} shows it in a syntax error, and a JSON string literal read back as
 * {@code json.Unmarshal} reads it (an invalid UTF-8 byte or a lone surrogate becomes U+FFFD).
 */
final class GoQuote {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuote() {
    }

    /** {@code json.Marshal(s)} with HTML escaping, as {@code WriteJSONResponse} writes every field. */
    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"', '\\' -> b.append('\\').append(c);
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> u4(b, c);
                default -> {
                    if (c < 0x20) {
                        u4(b, c);
                    } else if (Character.isSurrogate(c)
                            && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                        b.append("\\ufffd"); // Go strings hold UTF-8: a lone surrogate cannot be written
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void u4(StringBuilder b, int c) {
        b.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    /** {@code strconv.Quote(string(rune(c)))} without its quotes, for {@code c} in 0-255. */
    static String rune(int c) {
        switch (c) {
            case 7: return "\\a";
            case '\b': return "\\b";
            case '\f': return "\\f";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case 11: return "\\v";
            case '\\': return "\\\\";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f) {
            return "\\x" + HEX[c >> 4] + HEX[c & 0xf];
        }
        if ((c >= 0x80 && c <= 0xa0) || c == 0xad) { // not printable to strconv.IsPrint
            StringBuilder b = new StringBuilder();
            u4(b, c);
            return b.toString();
        }
        return String.valueOf((char) c);
    }

    /**
     * The content of the JSON string literal {@code body[from..to)} (quotes excluded, already checked by
     * {@link GoScanner}), decoded as Go does.
     */
    static String unquote(byte[] body, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int c = body[i] & 0xff;
            if (c == '\\') {
                char e = (char) body[i + 1];
                if (e == 'u') {
                    int r = hex4(body, i + 2);
                    i += 6;
                    if (Character.isSurrogate((char) r)) {
                        int low = i + 1 < to && body[i] == '\\' && body[i + 1] == 'u' ? hex4(body, i + 2) : -1;
                        if (Character.isHighSurrogate((char) r) && low >= 0 && Character.isLowSurrogate((char) low)) {
                            b.append((char) r).append((char) low);
                            i += 6;
                        } else {
                            b.append('\ufffd');
                        }
                    } else {
                        b.append((char) r);
                    }
                    continue;
                }
                b.append(switch (e) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> e; // \\ \/ \"
                });
                i += 2;
                continue;
            }
            if (c < 0x80) {
                b.append((char) c);
                i++;
                continue;
            }
            int n = utf8Length(body, i, to);
            if (n == 0) {
                b.append('\ufffd');
                i++;
            } else {
                b.append(new String(body, i, n, java.nio.charset.StandardCharsets.UTF_8));
                i += n;
            }
        }
        return b.toString();
    }

    private static int hex4(byte[] b, int at) {
        return Integer.parseInt(new String(b, at, 4, java.nio.charset.StandardCharsets.US_ASCII), 16);
    }

    /** The length of the valid UTF-8 sequence at {@code i} as Go's {@code utf8.DecodeRune} accepts it, or 0. */
    private static int utf8Length(byte[] b, int i, int to) {
        int c = b[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            if (c == 0xe0) {
                lo = 0xa0;
            } else if (c == 0xed) {
                hi = 0x9f; // no surrogates
            }
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            if (c == 0xf0) {
                lo = 0x90;
            } else if (c == 0xf4) {
                hi = 0x8f;
            }
        } else {
            return 0;
        }
        if (i + n > to) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int cont = b[i + k] & 0xff;
            if (cont < 0x80 || cont > 0xbf) {
                return 0;
            }
        }
        return n;
    }
}
