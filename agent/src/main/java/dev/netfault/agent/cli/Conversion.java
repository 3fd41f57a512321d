package dev.netfault.agent.cli;

import java.util.function.Function;
import picocli.CommandLine;

/** How the CLI's converters refuse a value: the parser's {@link IllegalArgumentException} message becomes the usage error. */
final class Conversion {

    private Conversion() {
    }

    static <T> T convert(String value, Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
