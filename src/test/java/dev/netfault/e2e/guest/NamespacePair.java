package dev.netfault.e2e.guest;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces joined by a veth pair: {@code client} (198.51.100.1, 2001:db8::1) where the agent and the
 * fault live, and {@code server} (198.51.100.2, 2001:db8::2 plus extra addresses for targeting tests). Deleted on close.
 */
final class NamespacePair implements AutoCloseable {
    static final String CLIENT_V4 = "198.51.100.1";
    static final String SERVER_V4 = "198.51.100.2";
    static final String OTHER_V4 = "198.51.100.3";
    static final String EXEMPT_V4 = "198.51.100.4";
    static final String CLIENT_V6 = "2001:db8::1";
    static final String SERVER_V6 = "2001:db8::2";
    static final String OTHER_V6 = "2001:db8::3";

    final String client;
    final String server;
    final String clientIf;
    final String serverIf;

    private NamespacePair(String suffix) {
        client = "nfgu" + suffix + "c";
        server = "nfgu" + suffix + "s";
        clientIf = "nfgu" + suffix + "a";
        serverIf = "nfgu" + suffix + "b";
    }

    static NamespacePair create() {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 16);
        NamespacePair pair = new NamespacePair(suffix);
        try {
            pair.setUp();
            return pair;
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    private void setUp() {
        Sh.run("ip", "netns", "add", client);
        Sh.run("ip", "netns", "add", server);
        Sh.run("ip", "link", "add", clientIf, "netns", client, "type", "veth", "peer", "name", serverIf, "netns", server);
        ip(client, "link", "set", "lo", "up");
        ip(server, "link", "set", "lo", "up");
        ip(client, "addr", "add", CLIENT_V4 + "/24", "dev", clientIf);
        ip(client, "-6", "addr", "add", CLIENT_V6 + "/64", "dev", clientIf, "nodad");
        for (String address : new String[] {SERVER_V4, OTHER_V4, EXEMPT_V4}) {
            ip(server, "addr", "add", address + "/24", "dev", serverIf);
        }
        ip(server, "-6", "addr", "add", SERVER_V6 + "/64", "dev", serverIf, "nodad");
        ip(server, "-6", "addr", "add", OTHER_V6 + "/64", "dev", serverIf, "nodad");
        ip(client, "link", "set", clientIf, "up");
        ip(server, "link", "set", serverIf, "up");
    }

    static String ip(String netns, String... args) {
        String[] argv = new String[args.length + 3];
        argv[0] = "ip";
        argv[1] = "-n";
        argv[2] = netns;
        System.arraycopy(args, 0, argv, 3, args.length);
        return Sh.run(argv);
    }

    /** argv that runs {@code command} inside namespace {@code netns}. */
    static String[] in(String netns, String... command) {
        String[] argv = new String[command.length + 4];
        argv[0] = "ip";
        argv[1] = "netns";
        argv[2] = "exec";
        argv[3] = netns;
        System.arraycopy(command, 0, argv, 4, command.length);
        return argv;
    }

    /** The client namespace's qdiscs as {@code tc -j} prints them, for before/after comparisons. */
    String clientQdiscs() {
        return Sh.run("tc", "-n", client, "-j", "qdisc", "show");
    }

    @Override
    public void close() {
        Sh.tryRun("ip", "netns", "del", client);
        Sh.tryRun("ip", "netns", "del", server);
    }
}
