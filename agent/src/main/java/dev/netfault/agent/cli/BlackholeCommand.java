package dev.netfault.agent.cli;

import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code netfault blackhole start|stop|status --port P [--protocol tcp|udp] [--direction egress|ingress]}. */
@Command(name = "blackhole", mixinStandardHelpOptions = true,
        description = "Silently drop every packet to (egress) or from clients of (ingress) one port.",
        subcommands = {BlackholeCommand.Start.class, BlackholeCommand.Stop.class, BlackholeCommand.Status.class})
public final class BlackholeCommand extends FaultGroup {

    /** Port, protocol and direction: what names a blackhole (several may run at once). */
    static final class Key {
        @Option(names = "--port", required = true, paramLabel = "PORT", description = "The port, 1-65535.")
        int port;

        @Option(names = "--protocol", paramLabel = "tcp|udp", defaultValue = "tcp", description = "Default: ${DEFAULT-VALUE}.")
        String protocol;

        @Option(names = "--direction", paramLabel = "egress|ingress", defaultValue = "egress",
                description = "egress: packets this namespace sends to PORT; ingress: packets clients send to PORT here."
                        + " Default: ${DEFAULT-VALUE}.")
        String direction;

        Map<String, Object> body() {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--port: " + port + " (expected: 1-65535)");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Port", port);
            body.put("Protocol", Protocol.parse("--protocol", protocol).wire());
            body.put("TrafficType", Direction.parse("--direction", direction).wire());
            return body;
        }

        String label() {
            return "blackhole " + direction.trim().toLowerCase(java.util.Locale.ROOT) + "-"
                    + protocol.trim().toLowerCase(java.util.Locale.ROOT) + "-" + port;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a blackhole.")
    static final class Start extends FaultGroup.Start {
        @Mixin
        Key key;

        @Mixin
        TargetingOptions targeting;

        @Override
        int start() throws InterruptedException {
            Map<String, Object> stopBody = key.body();
            Map<String, Object> body = new LinkedHashMap<>(stopBody);
            targeting.putInto(body, false);
            return start(actions(key.label()), body, stopBody, targeting);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the blackhole with this port, protocol and direction.")
    static final class Stop extends Keyed {
        @Override
        boolean stop() {
            return true;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Print running or not-running for this blackhole.")
    static final class Status extends Keyed {
        @Override
        boolean stop() {
            return false;
        }
    }

    /** {@code stop} and {@code status} name the blackhole by its key. */
    abstract static class Keyed extends Simple {
        @Mixin
        Key key;

        @Override
        FaultRoute route() {
            return FaultRoute.of(spec.parent().name());
        }

        @Override
        Map<String, Object> body() {
            return key.body();
        }

        @Override
        String label() {
            return key.label();
        }
    }
}
