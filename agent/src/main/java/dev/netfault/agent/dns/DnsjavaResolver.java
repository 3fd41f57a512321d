package dev.netfault.agent.dns;

import dev.netfault.bridge.target.Cidr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link AddressResolver} on dnsjava: the servers and search path of {@code /etc/resolv.conf} (or the
 * {@code dns.server} system property), CNAMEs followed, no cache of our own (each call asks the servers, so TTLs are the
 * servers' own).
 */
public final class DnsjavaResolver implements AddressResolver {

    /**
     * Made at the first lookup: dnsjava's resolver reads {@code /etc/resolv.conf} and loads ~120 classes, which an
     * agent never asked for a hostname does not need at start (nor in its memory).
     */
    private Resolver resolver;

    private synchronized Resolver resolver() {
        if (resolver == null) {
            ExtendedResolver r = new ExtendedResolver();
            r.setTimeout(Duration.ofSeconds(2));
            r.setRetries(2);
            resolver = r;
        }
        return resolver;
    }

    @Override
    public Resolution resolve(Hostname host) throws InterruptedException {
        List<Cidr> out = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        boolean answered = false;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            if (Thread.interrupted()) {
                throw new InterruptedException("resolving " + host);
            }
            Lookup lookup;
            try {
                lookup = new Lookup(Name.fromString(host.name()), type);
            } catch (TextParseException e) {
                throw new IllegalArgumentException("hostname: '" + host + "' (expected: a DNS name): " + e.getMessage());
            }
            lookup.setResolver(resolver());
            lookup.setCache(new Cache());
            Record[] records = lookup.run();
            int result = lookup.getResult();
            if (result == Lookup.TRY_AGAIN || result == Lookup.UNRECOVERABLE) {
                continue;
            }
            answered = true;
            if (records == null) {
                continue;
            }
            for (Record r : records) {
                if (r instanceof ARecord a) {
                    out.add(new Cidr(a.getAddress(), 32));
                } else if (r instanceof AAAARecord a) {
                    out.add(new Cidr(a.getAddress(), 128));
                } else {
                    continue;
                }
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        if (!answered) {
            throw new UncheckedIOException(new IOException("no DNS server answered for " + host));
        }
        return new Resolution(out, Duration.ofSeconds(ttl == Long.MAX_VALUE ? 30 : ttl));
    }
}
