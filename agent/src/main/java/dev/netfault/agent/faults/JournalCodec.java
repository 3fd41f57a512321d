package dev.netfault.agent.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Touches;
import dev.netfault.bridge.plan.Lease;
import dev.netfault.bridge.plan.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A journal entry as one JSON object (format version 1), written and read field by field. {@code mode} ({@code kernel}
 * or {@code platform}) was added within version 1, and older agents ignore it. An entry without it is the kernel
 * enforcer's (the only one until platform mode came), unless its mechanism is {@value #PLATFORM_MECHANISM}:
 * platform-mode agents wrote such entries before the field existed.
 */
final class JournalCodec {

    static final int VERSION = 1;
    /**
     * The mechanism every platform-mode entry written before {@code mode} existed carries (then
     * {@code PlatformEnforcer.MECHANISM}): a fact about old files, so it stays even if that constant changes.
     */
    static final String PLATFORM_MECHANISM = "platform fault endpoints";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JournalCodec() {
    }

    static ObjectNode write(JournalEntry e) {
        AppliedFault a = e.applied();
        ObjectNode n = F.objectNode().put("version", VERSION).put("id", a.id().value())
                .put("kind", e.key().kind()).put("phase", e.phase().name().toLowerCase(java.util.Locale.ROOT))
                .put("mode", e.mode().wire());
        if (e.key().blackhole() != null) {
            n.put("blackhole", e.key().blackhole());
        }
        n.set("spec", SpecCodec.write(e.spec()));
        n.put("startedAt", e.startedAt().toString()).put("expiresAt", e.expiresAt().toString())
                .put("mechanism", a.mechanism());
        ArrayNode ifs = n.putArray("interfaces");
        a.interfaces().forEach(ifs::add);
        ArrayNode touches = n.putArray("touches");
        a.touches().forEach(t -> touches.add(t.name().toLowerCase(Locale.ROOT)));
        n.set("apply", commands(a.apply()));
        n.set("verify", checks(a.verify()));
        n.set("revert", commands(a.revert()));
        ObjectNode lease = n.putObject("lease");
        if (a.lease().leased()) {
            lease.set("renew", commands(a.lease().renew()));
            lease.set("alive", checks(a.lease().alive()));
        } else {
            lease.put("unleased", a.lease().unleasedReason().get());
        }
        ArrayNode after = n.putArray("revertAfter");
        a.revertAfter().forEach(after::add);
        return n;
    }

    static JournalEntry read(JsonNode n) {
        int version = SpecCodec.required(n, "version").asInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("version: " + version + " (expected: " + VERSION + ")");
        }
        FaultId id = new FaultId(SpecCodec.text(n, "id"));
        JsonNode bh = n.get("blackhole");
        FaultKey key = new FaultKey(SpecCodec.text(n, "kind"), bh == null || bh.isNull() ? null : bh.asText());
        List<String> ifs = new ArrayList<>();
        SpecCodec.required(n, "interfaces").forEach(i -> ifs.add(i.asText()));
        List<Command> apply = commands(SpecCodec.required(n, "apply"));
        List<Command> revert = commands(SpecCodec.required(n, "revert"));
        AppliedFault applied = new AppliedFault(id, key.kind(), SpecCodec.text(n, "mechanism"), ifs,
                touches(n.get("touches"), key.kind(), apply, revert), apply, checks(SpecCodec.required(n, "verify")),
                revert, lease(n.get("lease")), revertAfter(n.get("revertAfter"), revert.size()));
        JsonNode mode = n.get("mode");
        return new JournalEntry(key, SpecCodec.read(SpecCodec.required(n, "spec")),
                Instant.parse(SpecCodec.text(n, "startedAt")), Instant.parse(SpecCodec.text(n, "expiresAt")),
                JournalEntry.Phase.valueOf(SpecCodec.text(n, "phase").toUpperCase(java.util.Locale.ROOT)),
                mode == null || mode.isNull() ? legacyMode(applied) : EnforcerMode.parse(mode.asText()), applied);
    }

    /** An entry written before plans had steps attaches every revert command to the first step. */
    private static List<Integer> revertAfter(JsonNode n, int reverts) {
        if (n == null || n.isNull()) {
            return Plan.firstStep(reverts);
        }
        List<Integer> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asInt()));
        return out;
    }

    /** An entry written before leases existed holds no lease: its fault is unleased. */
    private static Lease lease(JsonNode n) {
        if (n == null || n.isNull()) {
            return Lease.unleased("journalled by an agent without leases");
        }
        JsonNode why = n.get("unleased");
        if (why != null && !why.isNull()) {
            return Lease.unleased(why.asText());
        }
        return Lease.held(commands(SpecCodec.required(n, "renew")), checks(SpecCodec.required(n, "alive")));
    }

    private static ArrayNode checks(List<Check> cs) {
        ArrayNode checks = F.arrayNode();
        for (Check c : cs) {
            ObjectNode cn = checks.addObject().put("what", c.what());
            cn.set("command", command(c.command()));
            ArrayNode ex = cn.putArray("expect");
            c.expect().forEach(ex::add);
        }
        return checks;
    }

    private static List<Check> checks(JsonNode a) {
        List<Check> checks = new ArrayList<>();
        for (JsonNode c : a) {
            List<String> expect = new ArrayList<>();
            SpecCodec.required(c, "expect").forEach(x -> expect.add(x.asText()));
            checks.add(new Check(SpecCodec.text(c, "what"), command(SpecCodec.required(c, "command")), expect));
        }
        return checks;
    }

    private static EnforcerMode legacyMode(AppliedFault applied) {
        return applied.mechanism().equals(PLATFORM_MECHANISM) ? EnforcerMode.PLATFORM : EnforcerMode.KERNEL;
    }

    /** What the entry's plan touches; an entry written before plans said so has it derived from its commands. */
    private static Set<Touches> touches(JsonNode a, String kind, List<Command> apply, List<Command> revert) {
        if (a == null || a.isNull()) {
            return Touches.derive(kind, apply, revert);
        }
        Set<Touches> out = EnumSet.noneOf(Touches.class);
        for (JsonNode t : a) {
            try {
                out.add(Touches.valueOf(t.asText().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("touches: '" + t.asText() + "' (expected one of: "
                        + EnumSet.allOf(Touches.class).toString().toLowerCase(Locale.ROOT) + ")");
            }
        }
        return out;
    }

    private static ArrayNode commands(List<Command> cs) {
        ArrayNode a = F.arrayNode();
        cs.forEach(c -> a.add(command(c)));
        return a;
    }

    private static List<Command> commands(JsonNode a) {
        List<Command> out = new ArrayList<>();
        a.forEach(c -> out.add(command(c)));
        return out;
    }

    private static ObjectNode command(Command c) {
        ObjectNode n = F.objectNode();
        ArrayNode argv = n.putArray("argv");
        c.argv().forEach(argv::add);
        if (c.stdin() != null) {
            n.put("stdin", c.stdin());
        }
        if (!c.env().isEmpty()) {
            ObjectNode env = n.putObject("env");
            c.env().forEach(env::put);
        }
        return n;
    }

    private static Command command(JsonNode n) {
        List<String> argv = new ArrayList<>();
        SpecCodec.required(n, "argv").forEach(x -> argv.add(x.asText()));
        JsonNode stdin = n.get("stdin");
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = n.get("env");
        if (e != null) {
            e.properties().forEach(f -> env.put(f.getKey(), f.getValue().asText()));
        }
        return new Command(argv, stdin == null || stdin.isNull() ? null : stdin.asText(), env);
    }
}
