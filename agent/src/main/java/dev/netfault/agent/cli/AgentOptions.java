package dev.netfault.agent.cli;

import dev.netfault.agent.api.ApiConfig;
import dev.netfault.agent.client.AgentClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the agent is and how to authenticate: {@code --agent URL} (or $NETFAULT_AGENT) and {@code --token-file} (or $NETFAULT_TOKEN). */
public final class AgentOptions {

    public static final String DEFAULT_AGENT = "http://" + ApiConfig.DEFAULT_LISTEN;

    @Option(names = "--agent", paramLabel = "URL", defaultValue = "${env:NETFAULT_AGENT:-" + DEFAULT_AGENT + "}",
            description = "The agent's base URL (default: $NETFAULT_AGENT or ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding the agent's bearer token (default: the token in $NETFAULT_TOKEN, if set).")
    Path tokenFile;

    /** The client for these options; an unreadable token file or a malformed URL is an {@link IllegalArgumentException}. */
    public AgentClient client() {
        URI uri;
        try {
            uri = URI.create(agent.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--agent: '" + agent + "' (expected: an http URL such as " + DEFAULT_AGENT + ")");
        }
        return new AgentClient(uri, token());
    }

    private Optional<String> token() {
        if (tokenFile != null) {
            try {
                String t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                if (t.isEmpty()) {
                    throw new IllegalArgumentException("--token-file: " + tokenFile + " is empty (expected: the agent's token)");
                }
                return Optional.of(t);
            } catch (IOException e) {
                throw new IllegalArgumentException("--token-file: cannot read " + tokenFile + " (" + e.getMessage() + ")");
            }
        }
        String env = System.getenv("NETFAULT_TOKEN");
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env.strip());
    }
}
