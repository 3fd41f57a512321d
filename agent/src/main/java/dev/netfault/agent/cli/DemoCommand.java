package dev.netfault.agent.cli;

import dev.netfault.agent.demo.Demo;
import dev.netfault.agent.demo.DemoLoad;
import dev.netfault.agent.demo.DemoServer;
import dev.netfault.agent.demo.DemoThroughput;
import dev.netfault.agent.doctor.Doctor;
import dev.netfault.agent.platform.CapEff;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code netfault demo [--schedule short|normal]}: a live tour of every fault this kernel supports (root only). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show every fault live between two network namespaces (needs root).",
            "A server, a client load and the agent in two namespaces; the client's request rate, latency p50/p99 and",
            "errors once a second through baseline, blackhole, loss, a bandwidth limit (TCP throughput before, during",
            "and after), latency (where sch_netem exists) and recovery.",
            "Needs iproute2 and iptables/nftables. Leaves nothing behind, also on Ctrl-C."},
        subcommands = {DemoCommand.Server.class, DemoCommand.Load.class, DemoCommand.Shell.class, DemoCommand.Blast.class})
public final class DemoCommand implements Callable<Integer> {

    /** Phase lengths of {@code --schedule}. */
    @Spec
    CommandSpec spec;

    @Option(names = "--schedule", paramLabel = "short|normal", defaultValue = "normal",
            description = "normal: about 10 s per phase; short: about 3 s per phase (for CI).")
    String schedule;

    @Override
    public Integer call() {
        return Outcome.of(spec, () -> {
            Demo.Schedule s = switch (schedule.toLowerCase(Locale.ROOT)) {
                case "short" -> Demo.Schedule.SHORT;
                case "normal" -> Demo.Schedule.NORMAL;
                default -> throw new IllegalArgumentException("--schedule: '" + schedule + "' (expected: short or normal)");
            };
            String status = CapEff.selfStatus();
            if (!Doctor.hasNetAdmin(status)) {
                spec.commandLine().getErr().println("netfault: demo needs root (CAP_NET_ADMIN) to create network namespaces;"
                        + " run it as root (in a root shell, or with sudo)");
                return Outcome.FAILURE;
            }
            try {
                return new Demo(spec.commandLine().getOut(), s, javaCommand(), new ProcessCommandRunner()).run();
            } catch (IOException | IllegalStateException | dev.netfault.bridge.exec.CommandFailedException e) {
                spec.commandLine().getErr().println("netfault: demo failed: " + e.getMessage());
                return Outcome.FAILURE;
            }
        });
    }

    /** How a child runs this same program: this JVM's java, this class path (absolute), the main class. */
    static List<String> javaCommand() {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String cp = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(java.io.File.pathSeparator));
        return List.of(javaBin, "-cp", cp, Main.class.getName());
    }

    /** Runs until its standard input closes (the demo ended or died), so no child outlives the demo. */
    private static void exitWhenParentGoes() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // treated as end of input
            }
            System.exit(0);
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }

    @Command(name = "server", hidden = true, mixinStandardHelpOptions = true, description = "The demo's HTTP server (started by the demo in a namespace).")
    static final class Server implements Callable<Integer> {
        @Option(names = "--listen", required = true, paramLabel = "ADDR:PORT")
        String listen;

        @Option(names = "--throughput", paramLabel = "ADDR:PORT", description = "Also measure throughput sent to this address.")
        String throughput;

        @Override
        public Integer call() throws IOException {
            exitWhenParentGoes();
            if (throughput != null) {
                java.net.ServerSocket sink = new java.net.ServerSocket();
                sink.setReuseAddress(true);
                sink.bind(address(throughput), 16);
                Thread t = new Thread(() -> DemoThroughput.sink(sink), "demo-throughput");
                t.setDaemon(true);
                t.start();
            }
            try (DemoServer server = new DemoServer(address(listen))) {
                System.out.println("listening on " + server.address());
                System.out.flush();
                server.serve();
            }
            return Outcome.OK;
        }
    }

    @Command(name = "load", hidden = true, mixinStandardHelpOptions = true, description = "The demo's client load (started by the demo in a namespace).")
    static final class Load implements Callable<Integer> {
        @Option(names = "--target", required = true, paramLabel = "ADDR:PORT")
        String target;

        @Option(names = "--workers", defaultValue = "4")
        int workers;

        @Override
        public Integer call() throws InterruptedException {
            exitWhenParentGoes();
            new DemoLoad(address(target), workers, Duration.ofSeconds(1)).run(System.out);
            return Outcome.OK;
        }
    }

    @Command(name = "blast", hidden = true, mixinStandardHelpOptions = true,
            description = "Sends to the demo server's throughput port and prints the goodput it measured (kbit/s).")
    static final class Blast implements Callable<Integer> {
        @Option(names = "--target", required = true, paramLabel = "ADDR:PORT")
        String target;

        @Option(names = "--seconds", defaultValue = "2")
        int seconds;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            spec.commandLine().getOut().println("throughput " + DemoThroughput.blast(address(target), Duration.ofSeconds(seconds)));
            return Outcome.OK;
        }
    }

    @Command(name = "shell", hidden = true, mixinStandardHelpOptions = true,
            description = "Runs netfault commands read from stdin, one per line, arguments separated by tabs (the demo's"
                    + " driver in the client namespace).")
    static final class Shell implements Callable<Integer> {
        @Option(names = "--local-ports", paramLabel = "LOW-HIGH",
                description = "Set this namespace's ephemeral port range first (the demo keeps the agent's port out of it,"
                        + " so a client polling a not-yet-listening agent cannot connect to itself).")
        String localPorts;

        @Override
        public Integer call() throws IOException {
            if (localPorts != null) {
                if (!localPorts.matches("\\d{4,5}-\\d{4,5}")) {
                    throw new IllegalArgumentException("--local-ports: '" + localPorts + "' (expected: LOW-HIGH)");
                }
                Files.writeString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"), localPorts.replace('-', ' ') + "\n");
            }
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
            java.io.PrintWriter out = new java.io.PrintWriter(
                    new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true);
            String line;
            while ((line = in.readLine()) != null) {
                picocli.CommandLine cmd = NetfaultCommand.commandLine();
                cmd.setOut(out);
                cmd.setErr(out);
                int code = cmd.execute(line.isEmpty() ? new String[0] : line.split("\t", -1));
                out.println("\u0004 " + code);
                out.flush();
            }
            return Outcome.OK;
        }
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("'" + hostPort + "' (expected: ADDRESS:PORT)");
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
