package dev.netfault.agent.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Targeting;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the agent knows about one fault kind, beside its tc-bridge spec and planner: its names, journal codec,
 * JSON view, platform-mode request, health samples and how its targeting is rebuilt. One implementation per kind,
 * listed once in {@link Kinds#ALL}; every lifecycle, API, platform, health, DNS, metrics and CLI site looks the kind
 * up there instead of branching on the spec's class. The ECS body mapping is the API's ({@code api.EcsMappers}, found
 * by {@link #spec()}), since it is built on the API's body parser, which this package cannot see.
 *
 * <p>Every method is a pure function of its arguments: no I/O, no state.
 *
 * @param <S> the kind's spec record from tc-bridge
 */
public interface FaultKind<S extends FaultSpec> {

    /** The wire name: the spec's {@code kind()}, the journal's and {@code GET /faults}' {@code type}, the CLI command and the metrics' {@code kind} label, e.g. {@code latency}. */
    String name();

    /** How help text names one fault of this kind: {@code Stop the running <noun> fault.} Default: {@link #name()}. */
    default String noun() {
        return name();
    }

    /** The spec record of this kind, e.g. {@code LatencySpec.class}; one kind per record. */
    Class<S> spec();

    /** The ECS route segment: {@code /fault/v1/<route>/{start,stop,status}}, e.g. {@code network-latency}. */
    String route();

    /** Whether {@code /fault/v1/<route>/add-sources} is served (widening a running fault's Sources). Default: no. */
    default boolean addSources() {
        return false;
    }

    /**
     * The name of this running fault among others of its kind, for a kind of which several may run at once (a
     * blackhole's {@code egress-tcp-443}); empty for a kind that runs at most once (then stop and status need no body).
     */
    default Optional<String> instanceKey(S spec) {
        return Optional.empty();
    }

    /** Whether {@link #instanceKey} is ever present: several faults of this kind may run at once. */
    default boolean keyed() {
        return false;
    }

    /**
     * Whether every packet the kind impairs is held back (netem delay), so {@code GET /faults} counts them as
     * {@code packetsDelayed}. Default: no.
     */
    default boolean delays() {
        return false;
    }

    /**
     * Kinds of one exclusive group exclude each other and themselves, as the ECS agent's latency and packet loss do (one
     * netem root per task): a start while one of them runs is refused (409) with the running one's
     * {@link #alreadyRunning()}. Empty (the default): the kind never conflicts this way.
     */
    default Optional<String> exclusiveGroup() {
        return Optional.empty();
    }

    /** The 409 message while a fault of this kind runs, in the ECS agent's words ({@code There is already one network latency fault running}). */
    default String alreadyRunning() {
        return "There is already one " + noun() + " fault running";
    }

    /** The same spec with another targeting (hostname re-resolution, add-sources); every other parameter kept. */
    S withTargeting(S spec, Targeting targeting);

    /**
     * Writes the kind's own fields into its journal object (after {@code kind}, before {@code targeting}, which the
     * journal writes). Field names are a file format: never rename one, old journals must still decode.
     */
    void writeJournal(S spec, ObjectNode node);

    /** Reads back what {@link #writeJournal} wrote, through the spec's validating constructor ({@link JournalFields} helps). */
    S readJournal(JsonNode node, Targeting targeting);

    /**
     * The start request's fields as {@code GET /faults} shows them ({@code parameters}), so they can be sent again, in
     * the ECS body's names and order; {@link Views#targeting} adds the shared targeting fields.
     */
    Map<String, Object> parameters(S spec);

    /**
     * Whether the ECS agent's own endpoints have this kind, so platform mode can run it (then {@link #platformStart}
     * is overridden). Default: no, as for every kind netfault adds beyond the ECS three.
     */
    default boolean onPlatform() {
        return false;
    }

    /**
     * The ECS agent's start body for this spec in platform mode, with {@code platformExemptions} added to its
     * SourcesToFilter ({@link PlatformBodies} helps).
     *
     * @throws UnsupportedFaultException naming the option the ECS endpoints cannot enforce, or the kind itself when the
     *                                   platform has no such fault (the default)
     */
    default Map<String, Object> platformStart(S spec, List<Cidr> platformExemptions) {
        throw new UnsupportedFaultException(name() + ": not supported in platform mode (the ECS agent's endpoints have no "
                + name() + " fault)");
    }

    /**
     * The platform stop and status body of the fault named {@code instanceKey} (null for an unkeyed kind); an empty map
     * means no body at all.
     */
    default Map<String, Object> platformControl(String instanceKey) {
        return Map.of();
    }

    /**
     * The specs health and {@code doctor} ask the planner about, each under a label ({@code latency},
     * {@code latency-ingress}, ...), in the order they are reported, with what platform mode says of each (only asked
     * when {@link #onPlatform()}).
     */
    List<HealthSample> healthSamples();
}
