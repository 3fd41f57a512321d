package dev.netfault.bridge.testing;

import dev.netfault.bridge.exec.CommandFailedException;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.exec.ProcessCommandRunner;
import dev.netfault.bridge.plan.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs {@link Traffic} in a namespace ({@code ip netns exec NS java -cp ... Traffic MODE ...}) and parses its output.
 *
 * <pre>{@code
 * try (TrafficProcess server = TrafficClient.in(pair.b()).tcpServer(8080, 8081)) {
 *     ConnectStats s = TrafficClient.in(pair.a()).tcpConnect(NetnsPair.B_IPV4, 8080, 500, 3);
 * }
 * }</pre>
 */
public final class TrafficClient {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final Netns netns;

    private TrafficClient(Netns netns) {
        this.netns = Objects.requireNonNull(netns, "netns");
    }

    public static TrafficClient in(Netns netns) {
        return new TrafficClient(netns);
    }

    /** Starts a TCP server accepting on every port (IPv4 and IPv6) and waits until it listens. */
    public TrafficProcess tcpServer(int... ports) throws InterruptedException {
        String list = Arrays.stream(ports).mapToObj(Integer::toString).collect(Collectors.joining(","));
        TrafficProcess p = new TrafficProcess("tcp-server " + list + " in " + netns.name(), start("tcp-server", list));
        return ready(p);
    }

    /** Starts a UDP sink on {@code port} that gives up after {@code maxSeconds}, and waits until it is bound. */
    public UdpSink udpSink(int port, int maxSeconds) throws InterruptedException {
        UdpSink p = new UdpSink("udp-sink " + port + " in " + netns.name(),
                start("udp-sink", Integer.toString(port), Integer.toString(maxSeconds)));
        return ready(p);
    }

    /** Starts a sender of {@code perSecond} UDP datagrams a second to {@code host:port}, until it is closed. */
    public TrafficProcess udpStream(String host, int port, int perSecond) throws InterruptedException {
        TrafficProcess p = new TrafficProcess("udp-stream " + endpoint(host, port) + " from " + netns.name(),
                start("udp-stream", host, Integer.toString(port), Integer.toString(perSecond)));
        return ready(p);
    }

    /** Starts a receiver on UDP {@code port} that notes when each datagram arrives. */
    public UdpClock udpClock(int port) throws InterruptedException {
        UdpClock p = new UdpClock("udp-clock " + port + " in " + netns.name(), start("udp-clock", Integer.toString(port)));
        return ready(p);
    }

    /**
     * Starts a warm TCP client for {@code host:port} that connects once per {@link TcpProbe#connect()}: no JVM start
     * between attempts, for tests that time a change (an expiry) closely.
     */
    public TcpProbe tcpProbe(String host, int port, int timeoutMs) throws InterruptedException {
        TcpProbe p = new TcpProbe("tcp-probe " + endpoint(host, port) + " from " + netns.name(), timeoutMs,
                start("tcp-probe", host, Integer.toString(port), Integer.toString(timeoutMs)));
        return ready(p);
    }

    /** {@code count} sequential connects to {@code host:port}, each given up after {@code timeoutMs}. */
    public ConnectStats tcpConnect(String host, int port, int timeoutMs, int count) throws InterruptedException {
        String out = runToEnd(Duration.ofMillis((long) timeoutMs * count).plusSeconds(30),
                "tcp-connect", host, Integer.toString(port), Integer.toString(timeoutMs), Integer.toString(count));
        return ConnectStats.parse(endpoint(host, port), out);
    }

    /** Sends {@code count} datagrams to {@code host:port} and counts the {@code send()} calls that failed. */
    public SendStats udpSend(String host, int port, int count) throws InterruptedException {
        String out = runToEnd(Duration.ofSeconds(30 + count / 500), "udp-send", host, Integer.toString(port),
                Integer.toString(count));
        return SendStats.parse(endpoint(host, port), out);
    }

    /** Starts a TCP goodput receiver on {@code port} (IPv4 and IPv6); each measured connection prints a {@code goodput} line. */
    public TrafficProcess tcpSink(int port) throws InterruptedException {
        TrafficProcess p = new TrafficProcess("tcp-sink " + port + " in " + netns.name(), start("tcp-sink", Integer.toString(port)));
        return ready(p);
    }

    /** Sends as fast as TCP allows to {@code host:port} for {@code seconds}, then closes; returns the bytes sent. */
    public long tcpBlast(String host, int port, int seconds) throws InterruptedException {
        String out = runToEnd(Duration.ofSeconds(seconds + 60L), "tcp-blast", host, Integer.toString(port),
                Integer.toString(seconds));
        return out.lines().filter(l -> l.startsWith("sent ")).mapToLong(l -> Long.parseLong(l.substring(5).trim()))
                .findFirst().orElseThrow(() -> new IllegalStateException("tcp-blast printed no 'sent' line: " + out));
    }

    /** {@code 198.51.100.2:80} or {@code [2001:db8::2]:80}. */
    public static String endpoint(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private <T extends TrafficProcess> T ready(T p) throws InterruptedException {
        try {
            p.awaitLine("ready", READY_TIMEOUT);
            return p;
        } catch (RuntimeException | InterruptedException e) {
            p.close();
            throw e;
        }
    }

    private Process start(String... args) {
        try {
            return new ProcessBuilder(argv(args)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Traffic in " + netns.name(), e);
        }
    }

    private String runToEnd(Duration timeout, String... args) throws InterruptedException {
        Command c = Command.of(argv(args));
        CommandResult r = new ProcessCommandRunner().run(c, timeout);
        if (!r.ok()) {
            throw new CommandFailedException(c, r);
        }
        return r.stdout();
    }

    private List<String> argv(String... args) {
        List<String> argv = netns.inside(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Xmx64m", "-cp", classpath(), Traffic.class.getName());
        argv.addAll(List.of(args));
        return argv;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Where {@link Traffic} was loaded from (test-classes, or this test-jar when another module reuses it). */
    private static String classpath() {
        try {
            return Path.of(Traffic.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
