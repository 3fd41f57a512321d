package dev.netfault.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What every fault builder takes: {@code Sources}, {@code SourcesToFilter}, {@code Interface} and
 * {@code DurationSeconds}. Values are checked by {@code build()}, in the agent's order, so the first error is the
 * one the agent would answer.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class TargetingBuilder<B extends TargetingBuilder<B>> {

    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

    List<String> sources = List.of();
    List<String> sourcesToFilter = List.of();
    String networkInterface;
    Long durationSeconds;

    TargetingBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The addresses to impair: IPv4/IPv6 addresses or CIDRs, or DNS names (resolved by the agent to every A and AAAA
     * record). Egress: destinations; ingress: origins.
     */
    public B sources(String... values) {
        return sources(Arrays.asList(values));
    }

    /** As {@link #sources(String...)}. */
    public B sources(List<String> values) {
        this.sources = List.copyOf(Objects.requireNonNull(values, "sources"));
        return self();
    }

    /** Addresses or CIDRs never impaired (the agent adds its own safety exemptions). */
    public B sourcesToFilter(String... values) {
        return sourcesToFilter(Arrays.asList(values));
    }

    /** As {@link #sourcesToFilter(String...)}. */
    public B sourcesToFilter(List<String> values) {
        this.sourcesToFilter = List.copyOf(Objects.requireNonNull(values, "sourcesToFilter"));
        return self();
    }

    /** One interface, e.g. {@code eth0}; unset: every non-loopback interface of the namespace. */
    public B networkInterface(String name) {
        this.networkInterface = Objects.requireNonNull(name, "networkInterface");
        return self();
    }

    /** The fault expires after this many seconds (1-43200); unset: the agent's {@code --max-duration}. */
    public B durationSeconds(long seconds) {
        this.durationSeconds = seconds;
        return self();
    }

    /** As {@link #durationSeconds(long)}; the duration must be whole seconds. */
    public B duration(Duration duration) {
        if (duration.getNano() != 0) {
            throw AgentRules.invalid(duration, "DurationSeconds", "whole seconds, 1-" + AgentRules.MAX_DURATION_SECONDS);
        }
        return durationSeconds(duration.getSeconds());
    }

    void checkDuration(String struct) {
        if (durationSeconds != null) {
            AgentRules.ranged(durationSeconds, struct, "DurationSeconds", 1, AgentRules.MAX_DURATION_SECONDS);
        }
    }

    void checkDurationType(String struct) {
        if (durationSeconds != null) {
            AgentRules.requireUnsigned(durationSeconds, struct, "DurationSeconds", 64);
        }
    }

    /** Sources required (as latency, packet loss and impairment have it), then each checked. */
    void checkRequiredSources() {
        if (sources.isEmpty()) {
            throw AgentRules.missing("Sources");
        }
        Addresses.sources(sources, "Sources");
    }

    void checkInterface() {
        String n = networkInterface;
        if (n != null && (!INTERFACE.matcher(n).matches() || n.equals(".") || n.equals("..") || n.startsWith("-"))) {
            throw AgentRules.invalid(n, "Interface",
                    "a Linux interface name of 1-15 letters, digits, '_', '.', '-' or '@'");
        }
    }

    /** The agent's count limit, on the addresses of Sources (not its DNS names) and on SourcesToFilter. */
    void checkCounts() {
        long literal = sources.stream().filter(Addresses::isCidr).count();
        if (literal > AgentRules.MAX_ADDRESSES) {
            throw new IllegalArgumentException("sources: " + literal + " entries (expected: at most "
                    + AgentRules.MAX_ADDRESSES + ")");
        }
        if (sourcesToFilter.size() > AgentRules.MAX_ADDRESSES) {
            throw new IllegalArgumentException("sourcesToFilter: " + sourcesToFilter.size()
                    + " entries (expected: at most " + AgentRules.MAX_ADDRESSES + ")");
        }
    }

    /** Sources (when any), SourcesToFilter, Interface and DurationSeconds, as the agent names them. */
    void putTargeting(Map<String, Object> json) {
        if (!sources.isEmpty()) {
            json.put("Sources", sources);
        }
        if (!sourcesToFilter.isEmpty()) {
            json.put("SourcesToFilter", sourcesToFilter);
        }
        if (networkInterface != null) {
            json.put("Interface", networkInterface);
        }
        if (durationSeconds != null) {
            json.put("DurationSeconds", durationSeconds);
        }
    }

    static Map<String, Object> frozen(LinkedHashMap<String, Object> json) {
        return java.util.Collections.unmodifiableMap(json);
    }
}
