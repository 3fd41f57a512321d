package dev.netfault.agent.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.agent.kinds.JournalFields;
import dev.netfault.agent.kinds.Kinds;
import dev.netfault.bridge.plan.FaultSpec;
import dev.netfault.bridge.target.Cidr;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.InterfaceName;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes fault specs as plain JSON trees and reads them back through the specs' own validating constructors, so a
 * journal file edited into nonsense is rejected with the spec's message. No Jackson polymorphism: the {@code kind}
 * field picks the kind ({@link Kinds}), which writes and reads its own fields; the targeting is written here.
 */
final class SpecCodec {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SpecCodec() {
    }

    static ObjectNode write(FaultSpec spec) {
        ObjectNode n = F.objectNode().put("kind", spec.kind());
        Kinds.writeJournal(spec, n);
        n.set("targeting", targeting(spec.targeting()));
        return n;
    }

    static FaultSpec read(JsonNode n) {
        String kind = text(n, "kind");
        Targeting t = targeting(required(n, "targeting"));
        return Kinds.readJournal(kind, n, t);
    }

    private static ObjectNode targeting(Targeting t) {
        ObjectNode n = F.objectNode();
        n.set("sources", cidrs(t.sources()));
        n.set("exemptions", cidrs(t.exemptions()));
        t.iface().ifPresentOrElse(i -> n.put("interface", i.value()), () -> n.putNull("interface"));
        n.put("flowsPercent", t.flowsPercent()).put("direction", t.direction().wire());
        if (!t.ports().isEmpty()) { // written only when set: an entry without ports reads as it did before ports
            ArrayNode ports = n.putArray("ports");
            t.ports().forEach(ports::add);
        }
        t.protocol().ifPresent(p -> n.put("protocol", p.wire()));
        return n;
    }

    private static Targeting targeting(JsonNode n) {
        JsonNode i = n.get("interface");
        Optional<InterfaceName> iface = i == null || i.isNull() ? Optional.empty() : Optional.of(InterfaceName.of(i.asText()));
        List<Integer> ports = new ArrayList<>();
        n.path("ports").forEach(p -> ports.add(port(p)));
        JsonNode protocol = n.get("protocol");
        return new Targeting(cidrs(required(n, "sources")), cidrs(required(n, "exemptions")), iface,
                required(n, "flowsPercent").asInt(), Direction.parse("direction", text(n, "direction")), ports,
                protocol == null || protocol.isNull() ? Optional.empty() : Optional.of(Protocol.parse("protocol", protocol.asText())));
    }

    private static int port(JsonNode p) {
        if (!p.isIntegralNumber() || !p.canConvertToInt()) {
            throw new IllegalArgumentException("ports: " + p + " (expected: 1-65535)");
        }
        return p.asInt();
    }

    private static ArrayNode cidrs(List<Cidr> list) {
        ArrayNode a = F.arrayNode();
        list.forEach(c -> a.add(c.toString()));
        return a;
    }

    private static List<Cidr> cidrs(JsonNode a) {
        List<Cidr> out = new ArrayList<>();
        a.forEach(e -> out.add(Cidr.parse(e.asText())));
        return out;
    }

    static JsonNode required(JsonNode n, String field) {
        return JournalFields.required(n, field);
    }

    static String text(JsonNode n, String field) {
        return JournalFields.text(n, field);
    }
}
