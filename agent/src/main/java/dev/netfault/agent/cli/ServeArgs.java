package dev.netfault.agent.cli;

import dev.netfault.agent.api.ApiConfig;
import dev.netfault.agent.api.RateLimit;
import dev.netfault.agent.faults.MaxDuration;
import dev.netfault.agent.telemetry.FaultMetrics;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code netfault serve}'s options read without picocli, the sidecar's start: picocli takes 50-130 ms to build its model
 * of the command from the annotations (reflection, annotation proxies, all interpreted), the largest part of start-up
 * to {@code /healthz} (2026-12-01). Only command lines made of {@code serve}'s own options, each {@code --name value}
 * or {@code --name=value}, given once (but {@code --exempt}) and with values the options' converters accept, are read
 * here; anything else (help, version, a typo, a repeated option, a value that starts with {@code -}, a value a
 * converter refuses, an {@code @file}) is left to picocli, so every message and exit code is picocli's.
 * ServeArgsTest holds the fields equal to picocli's for the command lines read here.
 */
final class ServeArgs {

    /** Where {@code serve} writes when picocli did not make it (as picocli's own writers: the platform's charset). */
    static final PrintWriter OUT = new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
    static final PrintWriter ERR = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);

    private static final Set<String> VALUED = Set.of("--listen", "--netns", "--state-dir", "--max-duration", "--lease",
            "--exempt", "--token-file", "--mode", "--rate-limit", "--log-format", "--request-deadline");

    private ServeArgs() {
    }

    /** The command with its options set, or empty when picocli must read {@code args}. */
    static Optional<ServeCommand> read(List<String> args, CompletableFuture<FaultMetrics> metrics) {
        Map<String, List<String>> given = new HashMap<>();
        boolean allowUnleased = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--allow-unleased")) {
                if (allowUnleased) {
                    return Optional.empty();
                }
                allowUnleased = true;
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (!VALUED.contains(name)) {
                return Optional.empty();
            }
            String value;
            if (eq > 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                return Optional.empty();
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                return Optional.empty();
            }
            List<String> values = given.computeIfAbsent(name, k -> new ArrayList<>());
            if (!values.isEmpty() && !name.equals("--exempt")) {
                return Optional.empty();
            }
            values.add(value);
        }
        ServeCommand c = new ServeCommand(metrics);
        try {
            c.listen = new ListenAddress().convert(one(given, "--listen", ApiConfig.DEFAULT_LISTEN));
            c.netns = one(given, "--netns", null);
            c.stateDir = Path.of(one(given, "--state-dir", ServeCommand.DEFAULT_STATE_DIR));
            c.maxDuration = new HumanDuration().convert(one(given, "--max-duration", MaxDuration.TEXT));
            c.lease = new HumanDuration().convert(one(given, "--lease", ServeCommand.DEFAULT_LEASE));
            c.allowUnleased = allowUnleased;
            CidrConverter cidr = new CidrConverter();
            for (String e : given.getOrDefault("--exempt", List.of())) {
                c.exempt.add(cidr.convert(e));
            }
            String token = one(given, "--token-file", null);
            c.tokenFile = token == null ? null : Path.of(token);
            c.mode = one(given, "--mode", ServeCommand.DEFAULT_MODE);
            String rate = one(given, "--rate-limit", null);
            c.rateLimit = rate == null ? null : new RateLimit.Converter().convert(rate);
            c.logFormat = one(given, "--log-format", ServeCommand.DEFAULT_LOG_FORMAT);
            c.requestDeadline = new HumanDuration().convert(one(given, "--request-deadline",
                    ServeCommand.DEFAULT_REQUEST_DEADLINE));
        } catch (RuntimeException e) { // picocli says what is wrong, as it always did
            return Optional.empty();
        }
        return Optional.of(c);
    }

    private static String one(Map<String, List<String>> given, String name, String otherwise) {
        List<String> v = given.get(name);
        return v == null ? otherwise : v.get(0);
    }
}
