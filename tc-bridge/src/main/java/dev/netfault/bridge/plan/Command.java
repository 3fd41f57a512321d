package dev.netfault.bridge.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One process to run: an argv list (never a shell string), optional standard input for batch tools
 * ({@code tc -batch -}, {@code iptables-restore --noflush}, {@code nft -f -}) and extra environment variables.
 *
 * <p>{@code Command.of("tc", "qdisc", "show", "dev", "eth0")}
 */
public record Command(List<String> argv, String stdin, Map<String, String> env) {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    public Command {
        argv = List.copyOf(Objects.requireNonNull(argv, "argv"));
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv: [] (expected: at least the program)");
        }
        env = Map.copyOf(new TreeMap<>(Objects.requireNonNull(env, "env")));
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), null, Map.of());
    }

    public static Command of(List<String> argv) {
        return new Command(argv, null, Map.of());
    }

    public Command withStdin(String input) {
        return new Command(argv, input, env);
    }

    public Command withEnv(String key, String value) {
        Map<String, String> e = new TreeMap<>(env);
        e.put(key, value);
        return new Command(argv, stdin, e);
    }

    /** The same command prefixed, e.g. with {@code nsenter --net=PATH}. */
    public Command prefixed(List<String> prefix) {
        List<String> a = new ArrayList<>(prefix);
        a.addAll(argv);
        return new Command(a, stdin, env);
    }

    /** The program name, {@code argv[0]}. */
    public String program() {
        return argv.get(0);
    }

    /** A copy-pasteable rendering: environment, quoted argv, and a here-document for standard input. */
    public String display() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(env).forEach((k, v) -> sb.append(k).append('=').append(quote(v)).append(' '));
        sb.append(String.join(" ", argv.stream().map(Command::quote).toList()));
        if (stdin != null) {
            sb.append(" <<'EOF'\n").append(stdin);
            if (!stdin.endsWith("\n")) {
                sb.append('\n');
            }
            sb.append("EOF");
        }
        return sb.toString();
    }

    /** The argv alone, quoted, on one line: how error messages name a command. */
    public String line() {
        return String.join(" ", argv.stream().map(Command::quote).toList());
    }

    static String quote(String s) {
        if (!s.isEmpty() && PLAIN.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return line();
    }
}
