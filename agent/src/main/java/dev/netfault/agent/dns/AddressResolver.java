package dev.netfault.agent.dns;

import dev.netfault.bridge.target.Cidr;
import java.time.Duration;
import java.util.List;

/** Resolves a hostname to all its A and AAAA addresses, with the shortest TTL among them. */
@FunctionalInterface
public interface AddressResolver {

    /** Every address of the name now (possibly none) and how long the answer may be kept. */
    record Resolution(List<Cidr> addresses, Duration ttl) {
        public Resolution {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * @throws java.io.UncheckedIOException when no DNS server answered
     */
    Resolution resolve(Hostname host) throws InterruptedException;
}
