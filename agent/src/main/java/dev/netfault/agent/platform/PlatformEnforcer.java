package dev.netfault.agent.platform;

import dev.netfault.agent.faults.AppliedFault;
import dev.netfault.agent.faults.ConflictException;
import dev.netfault.agent.faults.Enforcer;
import dev.netfault.agent.faults.EnforcerMode;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.Health;
import dev.netfault.agent.faults.NotRunningException;
import dev.netfault.agent.faults.Presence;
import dev.netfault.agent.faults.RateLimitedException;
import dev.netfault.agent.kinds.FaultKind;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.plan.UnsupportedFaultException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Enforces faults through the platform's own fault endpoints ({@code ${ECS_AGENT_URI}/fault/v1/...}, e.g. Fargate's
 * agent with {@code enableFaultInjection}) instead of the kernel: the lifecycle around it (expiry, journal, kill switch,
 * listing, metrics) is unchanged.
 *
 * <p>A start refused with 429 is retried for a short budget, then answered 429; a stop (expiry, {@code DELETE /faults},
 * shutdown, reconcile) is retried with {@link Backoff} until the platform confirms it (a stop that still has not
 * landed when the lifecycle's revert timeout ends stays journalled and is retried): a stop is never dropped. Status
 * answers while the platform rate-limits its status route are the last ones it gave.
 */
public final class PlatformEnforcer implements Enforcer {

    public static final String MECHANISM = "platform fault endpoints";
    /** How long a start may wait out the platform's rate limit inside one API request (whose deadline is 5 s). */
    public static final Duration START_BUDGET = Duration.ofSeconds(3);
    /**
     * How long one stop keeps retrying. The lifecycle's own revert timeout is shorter and reschedules a stop that did
     * not land, keeping its journal entry, so no stop is lost; this bound only keeps reconcile at start from waiting
     * forever on an unreachable platform.
     */
    public static final Duration STOP_PATIENCE = Duration.ofSeconds(60);
    /** How long reconcile asks the platform for a status before it gives up on sweeping (and serves anyway). */
    public static final Duration STATUS_PATIENCE = Duration.ofSeconds(20);

    private final PlatformCalls calls;
    private final PlatformRequests requests;
    private final Health health;
    private final Map<FaultId, Boolean> lastStatus = new ConcurrentHashMap<>();

    public PlatformEnforcer(PlatformClient client, PlatformRequests requests, Backoff backoff, Health health) {
        this(new PlatformCalls(client, backoff), requests, health);
    }

    PlatformEnforcer(PlatformCalls calls, PlatformRequests requests, Health health) {
        this.calls = Objects.requireNonNull(calls, "calls");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public AppliedFault prepare(FaultId id, FaultSpec spec, Instant expiresAt) {
        PlatformRequests.Requests r = requests.of(spec);
        Check status = new Check("platform " + r.status().operation(), r.status().toCommand(), List.of("\"running\""));
        return new AppliedFault(id, spec.kind(), MECHANISM, List.of(), Set.of(), List.of(r.start().toCommand()), List.of(status),
                List.of(r.stop().toCommand()), Lease.unleased("enforced by the platform's fault endpoints, which "
                        + "hold the fault themselves: netfault has no kernel lease over it"));
    }

    @Override
    public void apply(AppliedFault fault) throws InterruptedException {
        PlatformRequest start = PlatformRequest.of(fault.apply().get(0));
        PlatformClient.Response resp = calls.within(start, START_BUDGET);
        if (resp.status() == 429) {
            throw new RateLimitedException(RateLimitedException.ECS_MESSAGE);
        }
        if (resp.status() == 409) {
            throw new ConflictException(PlatformCalls.error(resp));
        }
        if (resp.status() == 400) {
            throw new IllegalArgumentException("the platform refused " + start.operation() + ": " + PlatformCalls.error(resp));
        }
        if (!resp.ok()) {
            throw PlatformCalls.failed(start, resp);
        }
        lastStatus.put(fault.id(), true);
    }

    /**
     * Forwards the new entries to the platform's add-sources route, 16 at a time. A platform without the route (the
     * ECS agent before PR #5029 answers 404 with no JSON error) cannot: {@link UnsupportedFaultException}, and the
     * lifecycle restarts the fault instead. A 404 in the ECS agent's words means the platform's fault is gone.
     */
    @Override
    public AppliedFault extend(AppliedFault fault, FaultSpec widened, Instant expiresAt) throws InterruptedException {
        AppliedFault next = prepare(fault.id(), widened, expiresAt);
        List<String> sources = added(fault, next, "Sources");
        List<String> exempt = added(fault, next, "SourcesToFilter");
        while (!sources.isEmpty() || !exempt.isEmpty()) {
            int ns = Math.min(sources.size(), MAX_ADD);
            int nx = Math.min(exempt.size(), MAX_ADD - ns);
            PlatformRequest add = PlatformRequests.addSources(fault.kind(), sources.subList(0, ns), exempt.subList(0, nx));
            sources = sources.subList(ns, sources.size());
            exempt = exempt.subList(nx, exempt.size());
            PlatformClient.Response resp = calls.within(add, START_BUDGET);
            if (resp.status() == 404) {
                String error = PlatformCalls.error(resp);
                if (error.startsWith("no network-")) {
                    throw new NotRunningException(FaultKey.of(widened));
                }
                throw new UnsupportedFaultException("the platform has no " + add.route() + " route (404 " + error + ")");
            }
            if (resp.status() == 429) {
                throw new RateLimitedException(RateLimitedException.ECS_MESSAGE);
            }
            if (resp.status() == 400) {
                throw new IllegalArgumentException("the platform refused " + add.operation() + ": " + error(resp));
            }
            if (!resp.ok()) {
                throw PlatformCalls.failed(add, resp);
            }
        }
        return next;
    }

    /** The max entries of one add-sources request (the ECS agent's AddSourcesMaxIPs). */
    static final int MAX_ADD = 16;

    private static String error(PlatformClient.Response resp) {
        return PlatformCalls.error(resp);
    }

    /** The entries of {@code field} in {@code next}'s start body that {@code fault}'s lacks. */
    private static List<String> added(AppliedFault fault, AppliedFault next, String field) {
        List<String> had = startList(fault, field);
        List<String> out = new ArrayList<>();
        for (String s : startList(next, field)) {
            if (!had.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<String> startList(AppliedFault f, String field) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(PlatformRequest.of(f.apply().get(0)).body()).path(field);
            List<String> out = new ArrayList<>();
            n.forEach(e -> out.add(e.asText()));
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("fault " + f.id() + ": unreadable start request: " + e.getMessage(), e);
        }
    }

    @Override
    public Presence present(AppliedFault fault) throws InterruptedException {
        return new Presence(isPresent(fault), Map.of());
    }

    /** The platform's status route now; while it rate-limits us or is unreachable, its last answer. */
    @Override
    public boolean isPresent(AppliedFault fault) throws InterruptedException {
        PlatformRequest status = PlatformRequest.of(fault.verify().get(0).command());
        PlatformClient.Response resp = calls.once(status);
        if (resp == null || resp.status() == 429) {
            return lastStatus.getOrDefault(fault.id(), false);
        }
        if (!resp.ok()) {
            throw PlatformCalls.failed(status, resp);
        }
        boolean running = PlatformCalls.running(resp);
        lastStatus.put(fault.id(), running);
        return running;
    }

    @Override
    public void revert(AppliedFault fault) throws InterruptedException {
        for (var c : fault.revert()) {
            calls.untilDone(PlatformRequest.of(c), STOP_PATIENCE);
        }
        lastStatus.remove(fault.id());
    }

    /**
     * Stops each platform fault kind no live fault owns: the unkeyed ones (latency and packet loss) are asked for by
     * status (the platform runs at most one of each); keyed ones (blackholes) are named by their port, so the ones journalled were stopped by the
     * reconcile already and the live ones are owned.
     */
    @Override
    public List<String> sweep(List<AppliedFault> live) throws InterruptedException {
        Set<String> owned = live.stream().map(AppliedFault::kind).collect(Collectors.toSet());
        List<String> removed = new ArrayList<>();
        for (String kind : Kinds.ALL.stream().filter(k -> k.onPlatform() && !k.keyed()).map(FaultKind::name).toList()) {
            if (owned.contains(kind)) {
                continue;
            }
            PlatformRequests.Requests r = PlatformRequests.control(kind, null);
            if (PlatformCalls.running(calls.untilAnswered(r.status(), STATUS_PATIENCE))) {
                calls.untilDone(r.stop(), STOP_PATIENCE);
                removed.add("platform " + kind + " fault (no live journal entry owns it): " + r.stop().operation());
            }
        }
        return removed;
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public EnforcerMode mode() {
        return EnforcerMode.PLATFORM;
    }
}
