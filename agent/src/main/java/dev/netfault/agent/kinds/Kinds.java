package dev.netfault.agent.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The agent's fault kinds, listed once ({@link #ALL}), and the lookups every other site uses: by spec, by wire name,
 * by ECS route. The spec-taking methods dispatch a {@link FaultSpec} to its kind's typed method.
 *
 * <p>{@code Kinds.of(spec).route()}, {@code Kinds.parameters(spec)}, {@code Kinds.byRoute("network-latency")}
 */
public final class Kinds {

    /** Every kind the agent serves, in the order health, metrics and messages list them. */
    public static final List<FaultKind<?>> ALL = List.of(
            new LatencyKind(),
            new LossKind(),
            new BlackholeKind(),
            new ImpairmentKind(),
            new BandwidthKind());

    /** The exclusive group of the kinds that are the ECS layout's one root netem (latency, packet loss). */
    public static final String NETEM_ROOT = "netem root";

    private Kinds() {
    }

    /** The kind of a spec; an IllegalArgumentException naming the spec's class for a kind the agent does not serve. */
    public static FaultKind<?> of(FaultSpec spec) {
        for (FaultKind<?> k : ALL) {
            if (k.spec().isInstance(spec)) {
                return k;
            }
        }
        throw new IllegalArgumentException("spec: " + spec.getClass().getSimpleName() + " (expected: " + names() + ")");
    }

    /** The kind of this wire name ({@code latency}), if the agent serves one. */
    public static Optional<FaultKind<?>> byName(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The kind of this ECS route segment ({@code network-latency}), if the agent serves one. */
    public static Optional<FaultKind<?>> byRoute(String route) {
        return ALL.stream().filter(k -> k.route().equals(route)).findFirst();
    }

    /** The wire names as messages list them: {@code latency, loss or blackhole}. */
    public static String names() {
        return or(ALL.stream().map(FaultKind::name).toList(), " or ");
    }

    /** The routes that serve add-sources, as messages list them: {@code network-latency and network-packet-loss}. */
    public static String addSourcesRoutes() {
        return or(ALL.stream().filter(FaultKind::addSources).map(FaultKind::route).toList(), " and ");
    }

    public static Optional<String> instanceKey(FaultSpec spec) {
        return key(of(spec), spec);
    }

    public static FaultSpec withTargeting(FaultSpec spec, Targeting t) {
        return retarget(of(spec), spec, t);
    }

    public static void writeJournal(FaultSpec spec, ObjectNode n) {
        write(of(spec), spec, n);
    }

    /** Reads a journal spec object's kind-specific fields; {@code kind} names the kind. */
    public static FaultSpec readJournal(String kind, JsonNode n, Targeting t) {
        return byName(kind).orElseThrow(() -> new IllegalArgumentException("kind: '" + kind + "' (expected: " + names() + ")"))
                .readJournal(n, t);
    }

    public static Map<String, Object> parameters(FaultSpec spec) {
        return view(of(spec), spec);
    }

    public static Map<String, Object> platformStart(FaultSpec spec, List<Cidr> platformExemptions) {
        return platform(of(spec), spec, platformExemptions);
    }

    /** Every kind's health samples, kind by kind in {@link #ALL}'s order. */
    public static List<HealthSample> healthSamples() {
        return ALL.stream().flatMap(k -> k.healthSamples().stream()).toList();
    }

    // each helper binds the kind's spec type, so a FaultSpec reaches the kind's typed method without a raw cast

    private static <S extends FaultSpec> Optional<String> key(FaultKind<S> k, FaultSpec spec) {
        return k.instanceKey(k.spec().cast(spec));
    }

    private static <S extends FaultSpec> Map<String, Object> view(FaultKind<S> k, FaultSpec spec) {
        return k.parameters(k.spec().cast(spec));
    }

    private static <S extends FaultSpec> FaultSpec retarget(FaultKind<S> k, FaultSpec spec, Targeting t) {
        return k.withTargeting(k.spec().cast(spec), t);
    }

    private static <S extends FaultSpec> void write(FaultKind<S> k, FaultSpec spec, ObjectNode n) {
        k.writeJournal(k.spec().cast(spec), n);
    }

    private static <S extends FaultSpec> Map<String, Object> platform(FaultKind<S> k, FaultSpec spec, List<Cidr> ex) {
        return k.platformStart(k.spec().cast(spec), ex);
    }

    /** {@code a, b or c} */
    private static String or(List<String> items, String last) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return items.subList(0, items.size() - 1).stream().collect(Collectors.joining(", ")) + last + items.get(items.size() - 1);
    }
}
