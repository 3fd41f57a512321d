package dev.netfault.agent.platform;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which enforcement mode {@code netfault serve --mode kernel|platform|auto} runs, and why. {@code auto} picks
 * {@code platform} when {@code ECS_AGENT_URI} is set and this process lacks CAP_NET_ADMIN (bit 12 of {@code CapEff} in
 * {@code /proc/self/status}), as on Fargate; otherwise {@code kernel}.
 *
 * <p>{@code ModeDecision.decide("auto", System.getenv(), Files.readString(Path.of("/proc/self/status")))}
 */
public record ModeDecision(String mode, String reason, Optional<String> platformUri) {

    public static final String KERNEL = "kernel";
    public static final String PLATFORM = "platform";
    private static final int CAP_NET_ADMIN = 12;

    public ModeDecision {
        if (!mode.equals(KERNEL) && !mode.equals(PLATFORM)) {
            throw new IllegalArgumentException("mode: '" + mode + "' (expected: kernel or platform)");
        }
        if (mode.equals(PLATFORM) && platformUri.isEmpty()) {
            throw new IllegalArgumentException("mode: 'platform' needs ECS_AGENT_URI (the platform's fault endpoints) to be set");
        }
    }

    public static ModeDecision decide(String requested, Map<String, String> env, String procStatus) {
        String r = requested == null ? "auto" : requested.toLowerCase(Locale.ROOT);
        Optional<String> uri = Optional.ofNullable(env.get("ECS_AGENT_URI")).map(String::strip).filter(s -> !s.isEmpty());
        Optional<Boolean> netAdmin = hasNetAdmin(procStatus);
        String caps = netAdmin.map(b -> b ? "CAP_NET_ADMIN present" : "CAP_NET_ADMIN absent")
                .orElse("CAP_NET_ADMIN unknown (no CapEff in /proc/self/status)");
        switch (r) {
            case KERNEL:
                return new ModeDecision(KERNEL, "--mode kernel: tc/nftables/iptables in this network namespace (" + caps + ")", uri);
            case PLATFORM:
                if (uri.isEmpty()) {
                    throw new IllegalArgumentException("mode: 'platform' (expected: ECS_AGENT_URI set to the platform's agent,"
                            + " e.g. http://169.254.170.2/api/<id>)");
                }
                return new ModeDecision(PLATFORM, "--mode platform: the platform's fault endpoints at " + uri.get()
                        + "/fault/v1 (" + caps + ")", uri);
            case "auto":
                if (uri.isPresent() && netAdmin.equals(Optional.of(false))) {
                    return new ModeDecision(PLATFORM, "auto: ECS_AGENT_URI is set and " + caps
                            + ", so the platform's fault endpoints at " + uri.get() + "/fault/v1 enforce faults", uri);
                }
                String why = uri.isEmpty() ? "ECS_AGENT_URI is not set" : "ECS_AGENT_URI is set but " + caps;
                return new ModeDecision(KERNEL, "auto: " + why + ", so tc/nftables/iptables in this network namespace"
                        + " enforce faults" + (uri.isEmpty() ? " (" + caps + ")" : ""), uri);
            default:
                throw new IllegalArgumentException("mode: '" + requested + "' (expected: kernel, platform or auto)");
        }
    }

    /** Bit 12 of the effective capability set, or empty when the status text has no CapEff line. */
    static Optional<Boolean> hasNetAdmin(String procStatus) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    long bits = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return Optional.of((bits & (1L << CAP_NET_ADMIN)) != 0);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
