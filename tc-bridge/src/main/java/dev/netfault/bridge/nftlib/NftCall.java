package dev.netfault.bridge.nftlib;

import dev.netfault.bridge.plan.Command;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code nft} command as the library takes it: the text ({@code nft -f -}'s standard input, or the words of
 * {@code nft list table inet t} joined by spaces, as the binary joins them) and the output flags its options set.
 *
 * <p>{@code NftCall.of(Command.of("nft", "-j", "list", "ruleset"))} is {@code NftCall("list ruleset", false, JSON)}.
 */
public record NftCall(String text, boolean script, int flags) {

    public NftCall {
        Objects.requireNonNull(text, "text");
    }

    /**
     * The call for {@code command}, or empty when it is not one the library runs as the binary would: another
     * program, an option other than {@code -j -s -a -t -f -}, a word after the first that looks like an option, or
     * {@code -f} of a real file.
     */
    public static Optional<NftCall> of(Command command) {
        List<String> argv = command.argv();
        if (!argv.get(0).equals("nft")) {
            return Optional.empty();
        }
        int flags = 0;
        boolean script = false;
        int k = 1;
        for (; k < argv.size() && argv.get(k).startsWith("-"); k++) {
            switch (argv.get(k)) {
                case "-j", "--json" -> flags |= NftLibrary.OUTPUT_JSON;
                case "-s", "--stateless" -> flags |= NftLibrary.OUTPUT_STATELESS;
                case "-a", "--handle" -> flags |= NftLibrary.OUTPUT_HANDLE;
                case "-t", "--terse" -> flags |= NftLibrary.OUTPUT_TERSE;
                case "-f", "--file" -> {
                    if (k + 1 >= argv.size() || !argv.get(k + 1).equals("-")) {
                        return Optional.empty();
                    }
                    script = true;
                    k++;
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        List<String> words = argv.subList(k, argv.size());
        if (script) {
            return words.isEmpty()
                    ? Optional.of(new NftCall(Objects.requireNonNullElse(command.stdin(), ""), true, flags))
                    : Optional.empty();
        }
        if (words.isEmpty() || words.stream().anyMatch(w -> w.startsWith("-")) || command.stdin() != null) {
            return Optional.empty();
        }
        return Optional.of(new NftCall(String.join(" ", words), false, flags));
    }
}
