package dev.netfault.agent.demo;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Command;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two network namespaces joined by a veth pair: the client side ({@code 198.51.100.1}, where the agent runs) and the
 * server side ({@code 198.51.100.2}). Names are unique per run: {@code nfdemo<hex>c} / {@code nfdemo<hex>s}.
 */
public final class DemoNetwork {

    public static final String PREFIX = "nfdemo";
    public static final String CLIENT_IP = "198.51.100.1";
    public static final String SERVER_IP = "198.51.100.2";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CommandRunner runner;
    private final String client;
    private final String server;
    private final String suffix;

    public DemoNetwork(CommandRunner runner) {
        this.runner = runner;
        this.suffix = String.format("%04x", new SecureRandom().nextInt(0x10000));
        this.client = PREFIX + suffix + "c";
        this.server = PREFIX + suffix + "s";
    }

    public String client() {
        return client;
    }

    public String server() {
        return server;
    }

    /** The commands that build the pair, in order. */
    List<Command> setup() {
        String vc = "nfd" + suffix + "c";
        String vs = "nfd" + suffix + "s";
        List<Command> c = new ArrayList<>();
        c.add(Command.of("ip", "netns", "add", client));
        c.add(Command.of("ip", "netns", "add", server));
        c.add(Command.of("ip", "link", "add", vc, "type", "veth", "peer", "name", vs));
        c.add(Command.of("ip", "link", "set", vc, "netns", client));
        c.add(Command.of("ip", "link", "set", vs, "netns", server));
        c.add(Command.of("ip", "-n", client, "addr", "add", CLIENT_IP + "/24", "dev", vc));
        c.add(Command.of("ip", "-n", server, "addr", "add", SERVER_IP + "/24", "dev", vs));
        for (String[] nsDev : new String[][] {{client, vc}, {server, vs}, {client, "lo"}, {server, "lo"}}) {
            c.add(Command.of("ip", "-n", nsDev[0], "link", "set", nsDev[1], "up"));
        }
        return c;
    }

    /** Builds the pair; on failure removes what was made and throws. */
    public void create() throws InterruptedException {
        for (Command c : setup()) {
            CommandResult r = runner.run(c, TIMEOUT);
            if (!r.ok()) {
                delete();
                throw new CommandFailedException(c, r);
            }
        }
    }

    /** Deletes both namespaces (the veth pair goes with them); tolerates their absence. */
    public void delete() throws InterruptedException {
        runner.run(Command.of("ip", "netns", "del", client), TIMEOUT);
        runner.run(Command.of("ip", "netns", "del", server), TIMEOUT);
    }

    /** {@code ip netns exec <ns> argv...}. */
    public static List<String> in(String namespace, List<String> argv) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        out.addAll(argv);
        return out;
    }
}
