package dev.netfault.e2e.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SSM command document (schemaVersion 2.2, one {@code aws:runShellScript} step) rendered the way SSM does it:
 * defaults filled in, every value checked against its {@code allowedPattern}, {@code {{ Name }}} placeholders
 * substituted into the runCommand lines, which become one script.
 */
final class SsmDocument {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9]+)\\s*}}");

    private final Path path;
    private final JsonNode root;

    private SsmDocument(Path path, JsonNode root) {
        this.path = path;
        this.root = root;
    }

    static SsmDocument load(Path path) {
        try {
            return new SsmDocument(path, new ObjectMapper().readTree(path.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    JsonNode json() {
        return root;
    }

    /** The script SSM would run for these parameters; rejects what SSM would reject. */
    String render(Map<String, String> given) {
        JsonNode declared = root.path("parameters");
        for (String name : given.keySet()) {
            if (!declared.has(name)) {
                throw new IllegalArgumentException(path.getFileName() + ": unknown parameter " + name);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        declared.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode spec = entry.getValue();
            String value = given.containsKey(name) ? given.get(name)
                    : spec.has("default") ? spec.get("default").asText() : null;
            if (value == null) {
                throw new IllegalArgumentException(path.getFileName() + ": parameter " + name + " is required");
            }
            if (spec.has("allowedPattern") && !Pattern.compile(spec.get("allowedPattern").asText()).matcher(value)
                    .find()) {
                throw new IllegalArgumentException(path.getFileName() + ": " + name + ": " + value
                        + " does not match " + spec.get("allowedPattern").asText());
            }
            values.put(name, value);
        });
        List<String> lines = new ArrayList<>();
        for (JsonNode line : root.path("mainSteps").get(0).path("inputs").path("runCommand")) {
            Matcher matcher = PLACEHOLDER.matcher(line.asText());
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String value = values.get(matcher.group(1));
                if (value == null) {
                    throw new IllegalArgumentException(path.getFileName() + ": undeclared placeholder "
                            + matcher.group());
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(out);
            lines.add(out.toString());
        }
        return String.join("\n", lines) + "\n";
    }
}
