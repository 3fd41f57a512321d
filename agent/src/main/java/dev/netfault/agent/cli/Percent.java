package dev.netfault.agent.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A whole percentage as people type it: {@code 2%} or {@code 2}, 0-100; anything else names the text and the forms. */
public final class Percent implements CommandLine.ITypeConverter<Integer> {

    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,3})%?");

    public static int parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches() || Integer.parseInt(m.group(1)) > 100) {
            throw new IllegalArgumentException("percent: '" + text + "' (expected: a whole number 0-100, such as 2% or 2)");
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public Integer convert(String value) {
        return Conversion.convert(value, Percent::parse);
    }
}
