package dev.netfault.agent.cli;

import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --ports 5432[,5433...]} and {@code --protocol tcp|udp}: the port targeting a kind's start adds to its body as
 * {@code Ports} and {@code Protocol}. A mixin of every kind that is targeted by port (latency, loss), not of blackhole,
 * whose own {@code --port}/{@code --protocol} name the blackhole.
 */
public final class PortOptions {

    @Option(names = "--ports", split = ",", paramLabel = "PORT",
            description = "Impair only packets to these destination ports, up to 64 (egress: the remote service's port;"
                    + " ingress: this application's listening port); default: every port.")
    List<Integer> ports = List.of();

    @Option(names = "--protocol", paramLabel = "tcp|udp",
            description = "Impair only this transport (with --ports: the ports of it); default: both.")
    String protocol;

    /** Adds {@code Ports} and {@code Protocol} when given, checked as the agent checks them. */
    public void putInto(Map<String, Object> body) {
        if (!ports.isEmpty()) {
            if (ports.size() > Targeting.MAX_PORTS) {
                throw new IllegalArgumentException("--ports: " + ports.size() + " entries (expected: at most "
                        + Targeting.MAX_PORTS + ")");
            }
            for (int p : ports) {
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("--ports: " + p + " (expected: 1-65535)");
                }
            }
            if (new HashSet<>(ports).size() != ports.size()) {
                throw new IllegalArgumentException("--ports: " + ports + " (expected: distinct ports)");
            }
            body.put("Ports", ports);
        }
        if (protocol != null) {
            body.put("Protocol", Protocol.parse("--protocol", protocol).wire());
        }
    }
}
