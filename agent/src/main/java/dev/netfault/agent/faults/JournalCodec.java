package dev.netfault.agent.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.plan.Check;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A journal entry as one JSON object (format version 1), written and read field by field. */
final class JournalCodec {

    static final int VERSION = 1;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JournalCodec() {
    }

    static ObjectNode write(JournalEntry e) {
        AppliedFault a = e.applied();
        ObjectNode n = F.objectNode().put("version", VERSION).put("id", a.id().value())
                .put("kind", e.key().kind()).put("phase", e.phase().name().toLowerCase(java.util.Locale.ROOT));
        if (e.key().blackhole() != null) {
            n.put("blackhole", e.key().blackhole());
        }
        n.set("spec", SpecCodec.write(e.spec()));
        n.put("startedAt", e.startedAt().toString()).put("expiresAt", e.expiresAt().toString())
                .put("mechanism", a.mechanism());
        ArrayNode ifs = n.putArray("interfaces");
        a.interfaces().forEach(ifs::add);
        n.set("apply", commands(a.apply()));
        ArrayNode checks = n.putArray("verify");
        for (Check c : a.verify()) {
            ObjectNode cn = checks.addObject().put("what", c.what());
            cn.set("command", command(c.command()));
            ArrayNode ex = cn.putArray("expect");
            c.expect().forEach(ex::add);
        }
        n.set("revert", commands(a.revert()));
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
        List<Check> checks = new ArrayList<>();
        for (JsonNode c : SpecCodec.required(n, "verify")) {
            List<String> expect = new ArrayList<>();
            SpecCodec.required(c, "expect").forEach(x -> expect.add(x.asText()));
            checks.add(new Check(SpecCodec.text(c, "what"), command(SpecCodec.required(c, "command")), expect));
        }
        List<Command> revert = commands(SpecCodec.required(n, "revert"));
        List<Integer> revertAfter = new ArrayList<>();
        JsonNode after = n.get("revertAfter"); // absent in entries written before plans had steps: all step 0
        if (after == null || after.isNull()) {
            revertAfter = Plan.firstStep(revert.size());
        } else {
            for (JsonNode x : after) {
                revertAfter.add(x.asInt());
            }
        }
        AppliedFault applied = new AppliedFault(id, key.kind(), SpecCodec.text(n, "mechanism"), ifs,
                commands(SpecCodec.required(n, "apply")), checks, revert, revertAfter);
        return new JournalEntry(key, SpecCodec.read(SpecCodec.required(n, "spec")),
                Instant.parse(SpecCodec.text(n, "startedAt")), Instant.parse(SpecCodec.text(n, "expiresAt")),
                JournalEntry.Phase.valueOf(SpecCodec.text(n, "phase").toUpperCase(java.util.Locale.ROOT)), applied);
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
