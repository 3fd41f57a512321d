package dev.netfault.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The agent's JSON answers read into the client's types. */
final class Answers {

    private Answers() {
    }

    static FaultStatus status(String request, JsonNode answer) {
        JsonNode s = answer.get("Status");
        if (s == null || !s.isTextual()) {
            throw new NetfaultException(request, 200, "no Status in " + answer);
        }
        try {
            return FaultStatus.parse(s.asText());
        } catch (IllegalArgumentException e) {
            throw new NetfaultException(request, 200, e.getMessage());
        }
    }

    static List<ActiveFault> faults(JsonNode answer) {
        List<ActiveFault> out = new ArrayList<>();
        for (JsonNode f : answer) {
            out.add(new ActiveFault(f.path("id").asText(), f.path("type").asText(), f.path("key").asText(),
                    AgentHttp.JSON.convertValue(f.path("parameters"), new TypeReference<LinkedHashMap<String, Object>>() { }),
                    instant(f.path("startedAt")), instant(f.path("expiresAt")), f.path("mechanism").asText(),
                    strings(f.path("interfaces")), f.path("present").asBoolean(false), counters(f.path("counters"))));
        }
        return out;
    }

    static Health health(JsonNode answer) {
        Map<String, Health.Support> kinds = new LinkedHashMap<>();
        answer.path("faults").fields().forEachRemaining(e -> kinds.put(e.getKey(), new Health.Support(
                e.getValue().path("supported").asBoolean(false), e.getValue().path("mechanism").asText(""),
                e.getValue().path("reason").asText(""))));
        return new Health(answer.path("status").asText(""), answer.path("mode").asText(""),
                answer.path("modeReason").asText(""), kinds);
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()) : Instant.EPOCH;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static Map<String, Long> counters(JsonNode n) {
        Map<String, Long> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }
}
