package dev.netfault.agent.platform;

import dev.netfault.bridge.target.Cidr;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Builds the platform-mode enforcer from a {@link ModeDecision}. */
public final class PlatformWiring {

    private PlatformWiring() {
    }

    /** {@code exempt}: the operator's {@code --exempt} addresses, added to every SourcesToFilter with the platform's own. */
    public static PlatformEnforcer enforcer(ModeDecision d, List<Cidr> exempt) {
        URI base = URI.create(d.platformUri().orElseThrow());
        if (base.getHost() == null || !"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("ECS_AGENT_URI: '" + base + "' (expected: http://HOST[:PORT]/...)");
        }
        return new PlatformEnforcer(new PlatformClient(base), new PlatformRequests(exemptions(base.getHost(), exempt)),
                Backoff.DEFAULT, PlatformHealth.of(d.reason()));
    }

    private static List<Cidr> exemptions(String host, List<Cidr> exempt) {
        List<Cidr> all = new ArrayList<>(exempt);
        all.addAll(platformExemption(host));
        return all;
    }

    /** The platform's own address, exempted from every fault so stops always reach it; loopback needs none. */
    static List<Cidr> platformExemption(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try {
            Cidr c = Cidr.parse(h);
            return InetAddress.getByName(h).isLoopbackAddress() ? List.of() : List.of(c);
        } catch (IllegalArgumentException | UnknownHostException e) {
            return List.of(); // a name: the platform resolves it; nothing to exempt by address
        }
    }
}
