package dev.netfault.agent.cli;

import dev.netfault.agent.api.ApiConfig;
import dev.netfault.bridge.plan.PlanContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine;

/** {@code --listen HOST:PORT}: {@code 127.0.0.1:51680}, {@code [::1]:51680}, {@code 0.0.0.0:8080}. Port 0 picks one. */
public final class ListenAddress implements CommandLine.ITypeConverter<InetSocketAddress> {

    public static InetSocketAddress parse(String text) {
        String s = text == null ? "" : text.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf("]:");
            if (close < 0) {
                throw invalid(text);
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || s.indexOf(':') != colon) {
                throw invalid(text);
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw invalid(text);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("listen: '" + text + "' (expected: a resolvable host: " + e.getMessage() + ")");
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("listen: '" + text + "' (expected: HOST:PORT such as "
                + ApiConfig.DEFAULT_LISTEN + " or [::1]:" + PlanContext.DEFAULT_CONTROL_PORT + ")");
    }

    @Override
    public InetSocketAddress convert(String value) {
        return Conversion.convert(value, ListenAddress::parse);
    }
}
