package dev.netfault.bridge.scope;

import dev.netfault.bridge.plan.PlanContext;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which packets a fault acts on, split by address family as every kernel tool needs it: the impaired addresses
 * (destinations on egress, origins on ingress; empty in both families means every address), the exempt addresses
 * (built-in plus the operator's plus the spec's), the agent's control port, the share of flows, and the destination
 * ports and protocol ({@link Targeting#ports()}, {@link Targeting#protocol()}; empty and empty = every packet).
 *
 * <p>Lists are collapsed: an entry inside another entry of the same list is dropped (nft interval sets refuse
 * overlapping elements), the first-seen order is kept so plans are deterministic.
 *
 * <p>{@code Scope.of(spec.targeting(), context)}
 */
public record Scope(Direction direction, List<Cidr> sources4, List<Cidr> sources6, List<Cidr> exempt4,
                    List<Cidr> exempt6, int controlPort, int flowsPercent, Instant expiresAt, List<Integer> ports,
                    Optional<Protocol> protocol) {

    private static final DateTimeFormatter IPTABLES_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NFT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    public Scope {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(expiresAt, "expiresAt");
        sources4 = List.copyOf(sources4);
        sources6 = List.copyOf(sources6);
        exempt4 = List.copyOf(exempt4);
        exempt6 = List.copyOf(exempt6);
        ports = List.copyOf(ports);
        Objects.requireNonNull(protocol, "protocol");
    }

    /** A scope of every port and protocol. */
    public Scope(Direction direction, List<Cidr> sources4, List<Cidr> sources6, List<Cidr> exempt4,
                 List<Cidr> exempt6, int controlPort, int flowsPercent, Instant expiresAt) {
        this(direction, sources4, sources6, exempt4, exempt6, controlPort, flowsPercent, expiresAt, List.of(),
                Optional.empty());
    }

    /** True when only some transport traffic is impaired: some destination ports, or one protocol. */
    public boolean byTransport() {
        return !ports.isEmpty() || protocol.isPresent();
    }

    /** The protocols the ports are matched on: the one named, else tcp and udp. */
    public List<Protocol> protocols() {
        return protocol.map(List::of).orElse(List.of(Protocol.TCP, Protocol.UDP));
    }

    /** The scope of a spec's targeting in a context (whose exemptions come first). */
    public static Scope of(Targeting targeting, PlanContext context) {
        List<Cidr> exempt = new ArrayList<>(context.exemptions());
        exempt.addAll(targeting.exemptions());
        List<Cidr> sources = targeting.sources();
        return new Scope(targeting.direction(),
                collapse(family(sources, false)), collapse(family(sources, true)),
                collapse(family(exempt, false)), collapse(family(exempt, true)),
                context.controlPort(), targeting.flowsPercent(), context.expiresAt(), targeting.ports(),
                targeting.protocol());
    }

    /** True when no source narrows the fault: every address of both families is impaired. */
    public boolean allAddresses() {
        return sources4.isEmpty() && sources6.isEmpty();
    }

    /** True when IPv4 traffic is impaired (some IPv4 source, or no sources at all). */
    public boolean ipv4() {
        return allAddresses() || !sources4.isEmpty();
    }

    /** True when IPv6 traffic is impaired (some IPv6 source, or no sources at all). */
    public boolean ipv6() {
        return allAddresses() || !sources6.isEmpty();
    }

    public List<Cidr> sources(boolean v6) {
        return v6 ? sources6 : sources4;
    }

    public List<Cidr> exemptions(boolean v6) {
        return v6 ? exempt6 : exempt4;
    }

    /**
     * The expiry as iptables' {@code -m time --datestop} reads it (UTC, the match's default). The match holds through
     * the whole second it names (measured: rules matched until about 1 s past it), so it names the second before the
     * expiry: the rule stops matching at the expiry at the latest, never after it.
     */
    public String iptablesExpiry() {
        return IPTABLES_TIME.format(expiresAt.minusSeconds(1));
    }

    /** The expiry as nft's {@code meta time <} reads it; the nft process must run with {@code TZ=UTC}. */
    public String nftExpiry() {
        return NFT_TIME.format(expiresAt);
    }

    /** An address as the kernel tools print it: a single host without its prefix, a network with it. */
    public static String text(Cidr c) {
        String s = c.toString();
        int full = c.isIpv6() ? 128 : 32;
        return c.prefix() == full ? s.substring(0, s.indexOf('/')) : s;
    }

    private static List<Cidr> family(List<Cidr> all, boolean v6) {
        return all.stream().filter(c -> c.isIpv6() == v6).toList();
    }

    /**
     * The entries that no other entry covers (a duplicate keeps its first place), in their original order. Looks up
     * only the prefix lengths that occur in the list, so 10,000 sources cost a few hash lookups each, not a pairwise scan.
     */
    static List<Cidr> collapse(List<Cidr> list) {
        Set<Cidr> all = new HashSet<>(list);
        SortedSet<Integer> prefixes = new TreeSet<>();
        list.forEach(c -> prefixes.add(c.prefix()));
        Set<Cidr> seen = new HashSet<>();
        List<Cidr> out = new ArrayList<>();
        for (Cidr c : list) {
            if (!seen.add(c)) {
                continue;
            }
            boolean covered = false;
            for (int p : prefixes.headSet(c.prefix())) {
                if (all.contains(new Cidr(c.address(), p))) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                out.add(c);
            }
        }
        return out;
    }
}
