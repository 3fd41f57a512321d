package dev.netfault.agent.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.latency.Distribution;
import dev.netfault.bridge.latency.LatencySpec;
import dev.netfault.bridge.loss.LossModel;
import dev.netfault.bridge.loss.LossSpec;
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
 * field picks the record.
 */
final class SpecCodec {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SpecCodec() {
    }

    static ObjectNode write(FaultSpec spec) {
        ObjectNode n = F.objectNode().put("kind", spec.kind());
        if (spec instanceof LatencySpec l) {
            n.put("delayMs", l.delayMs()).put("jitterMs", l.jitterMs()).put("correlationPercent", l.correlationPercent())
                    .put("distribution", l.distribution().wire());
            n.set("targeting", targeting(l.targeting()));
        } else if (spec instanceof LossSpec l) {
            n.put("lossPercent", l.lossPercent()).put("model", l.model().wire())
                    .put("meanBurstPackets", l.meanBurstPackets());
            n.set("targeting", targeting(l.targeting()));
        } else if (spec instanceof BlackholeSpec b) {
            n.put("port", b.port()).put("protocol", b.protocol().wire()).put("direction", b.direction().wire());
            n.set("targeting", targeting(b.targeting()));
        } else {
            throw new IllegalArgumentException("spec: " + spec.getClass().getSimpleName() + " (expected: latency, loss or blackhole)");
        }
        return n;
    }

    static FaultSpec read(JsonNode n) {
        String kind = text(n, "kind");
        Targeting t = targeting(required(n, "targeting"));
        switch (kind) {
            case "latency":
                Distribution d = "none".equals(text(n, "distribution")) ? Distribution.NONE : Distribution.parse(text(n, "distribution"));
                return new LatencySpec(required(n, "delayMs").asLong(), required(n, "jitterMs").asLong(),
                        required(n, "correlationPercent").asInt(), d, t);
            case "loss":
                return new LossSpec(required(n, "lossPercent").asInt(), LossModel.parse(text(n, "model")),
                        required(n, "meanBurstPackets").asInt(), t);
            case "blackhole":
                return new BlackholeSpec(required(n, "port").asInt(), Protocol.parse("protocol", text(n, "protocol")),
                        Direction.parse("direction", text(n, "direction")), t);
            default:
                throw new IllegalArgumentException("kind: '" + kind + "' (expected: latency, loss or blackhole)");
        }
    }

    private static ObjectNode targeting(Targeting t) {
        ObjectNode n = F.objectNode();
        n.set("sources", cidrs(t.sources()));
        n.set("exemptions", cidrs(t.exemptions()));
        t.iface().ifPresentOrElse(i -> n.put("interface", i.value()), () -> n.putNull("interface"));
        n.put("flowsPercent", t.flowsPercent()).put("direction", t.direction().wire());
        return n;
    }

    private static Targeting targeting(JsonNode n) {
        JsonNode i = n.get("interface");
        Optional<InterfaceName> iface = i == null || i.isNull() ? Optional.empty() : Optional.of(InterfaceName.of(i.asText()));
        return new Targeting(cidrs(required(n, "sources")), cidrs(required(n, "exemptions")), iface,
                required(n, "flowsPercent").asInt(), Direction.parse("direction", text(n, "direction")));
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
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + ": missing (expected: a value in the journal entry)");
        }
        return v;
    }

    static String text(JsonNode n, String field) {
        return required(n, field).asText();
    }
}
