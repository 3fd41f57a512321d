package dev.netfault.bridge.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.plan.Ownership;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads links ({@code ip -s -d -j link show}), qdiscs ({@code tc -s -j qdisc show}) and the filters of ingress /
 * clsact qdiscs ({@code tc -j filter show dev X ingress|egress}) into netfault-owned objects.
 */
final class TcState {

    /** An ingress or clsact qdisc, owned or not: its filters decide. */
    record Hook(String dev, String kind, String handle, String parent, Counters counters) {

        List<String> directions() {
            return kind.equals("clsact") ? List.of("ingress", "egress") : List.of("ingress");
        }
    }

    private TcState() {
    }

    /** The {@code nf<id><letter>} links, with rx+tx packets and bytes and rx+tx dropped. */
    static List<KernelObject> links(String ipJson) {
        List<KernelObject> out = new ArrayList<>();
        for (JsonNode link : Json.parse("ip -s -d -j link show", ipJson)) {
            String name = Json.text(link, "ifname");
            Optional<FaultId> owner = Ownership.ofLink(name);
            if (owner.isEmpty()) {
                continue;
            }
            JsonNode s = link.path("stats64");
            Counters c = new Counters(
                    s.path("rx").path("packets").asLong(0) + s.path("tx").path("packets").asLong(0),
                    s.path("rx").path("bytes").asLong(0) + s.path("tx").path("bytes").asLong(0),
                    s.path("rx").path("dropped").asLong(0) + s.path("tx").path("dropped").asLong(0));
            out.add(new KernelObject(ObjectKind.LINK, name, Json.text(link.path("linkinfo"), "info_kind"), "",
                    Optional.of(name), owner, c));
        }
        return out;
    }

    /** Qdiscs whose handle is in the reserved range; on an owned link they belong to its fault. */
    static List<KernelObject> qdiscs(String tcJson) {
        List<KernelObject> out = new ArrayList<>();
        for (JsonNode q : Json.parse("tc -s -j qdisc show", tcJson)) {
            String handle = Json.text(q, "handle");
            String kind = Json.text(q, "kind");
            if (isHook(kind) || !Ownership.isOwnedTcHandle(handle)) {
                continue;
            }
            String dev = Json.text(q, "dev");
            String parent = q.path("root").asBoolean(false) ? "root" : Json.text(q, "parent");
            out.add(new KernelObject(ObjectKind.TC_QDISC, handle, kind, parent, Optional.of(dev),
                    Ownership.ofLink(dev), counters(q)));
        }
        return out;
    }

    /** Every ingress / clsact qdisc, whoever made it. */
    static List<Hook> hooks(String tcJson) {
        List<Hook> out = new ArrayList<>();
        for (JsonNode q : Json.parse("tc -s -j qdisc show", tcJson)) {
            String kind = Json.text(q, "kind");
            if (isHook(kind)) {
                out.add(new Hook(Json.text(q, "dev"), kind, Json.text(q, "handle"), Json.text(q, "parent"),
                        counters(q)));
            }
        }
        return out;
    }

    /** One action of one filter: where its filter sits ({@code "egress 7"}) and the link it redirects to, if any. */
    record Action(String dirPref, String redirectTo) {
    }

    /** The actions in {@code tc -j filter show dev X <direction>} output. */
    static List<Action> actionsFromJson(String dev, String direction, String json) {
        List<Action> out = new ArrayList<>();
        for (JsonNode f : Json.parse("tc -j filter show dev " + dev + " " + direction, json)) {
            for (JsonNode a : f.path("options").path("actions")) {
                boolean redirect = Json.text(a, "kind").equals("mirred");
                out.add(new Action(direction + " " + f.path("pref").asInt(), redirect ? Json.text(a, "to_dev") : ""));
            }
        }
        return out;
    }

    private static final Pattern PREF = Pattern.compile("^filter .*\\bpref (\\d+) ");
    private static final Pattern ACTION = Pattern.compile("^\\s*action order \\d+: (.*)$");
    private static final Pattern MIRRED = Pattern.compile("mirred \\(.* to device (\\S+)\\)");

    /**
     * The actions in the text form of {@code tc filter show}: the fallback for an iproute2 that prints part of a
     * filter outside its JSON (so the JSON does not parse).
     */
    static List<Action> actionsFromText(String direction, String text) {
        List<Action> out = new ArrayList<>();
        String pref = "";
        for (String line : text.split("\n")) {
            Matcher p = PREF.matcher(line);
            if (p.find()) {
                pref = p.group(1);
                continue;
            }
            Matcher a = ACTION.matcher(line);
            if (a.find()) {
                Matcher m = MIRRED.matcher(a.group(1));
                out.add(new Action(direction + " " + pref, m.find() ? m.group(1) : ""));
            }
        }
        return out;
    }

    /**
     * The owned part of one hook: the whole qdisc when every filter action on it redirects to one fault's link, else
     * one {@link ObjectKind#TC_FILTER} per filter preference whose every action does (the rest stays theirs).
     */
    static List<KernelObject> hook(Hook hook, List<Action> actions) {
        Map<String, Optional<FaultId>> prefs = new LinkedHashMap<>();
        Set<String> foreign = new HashSet<>();
        for (Action a : actions) {
            Optional<FaultId> owner = Ownership.ofLink(a.redirectTo());
            if (owner.isPresent()) {
                prefs.put(a.dirPref(), owner);
            } else {
                foreign.add(a.dirPref());
            }
        }
        // a preference shared with someone else's filter is not ours to delete
        prefs.keySet().removeAll(foreign);
        if (prefs.isEmpty()) {
            return List.of();
        }
        if (foreign.isEmpty() && prefs.values().stream().distinct().count() == 1) {
            return List.of(new KernelObject(ObjectKind.TC_INGRESS, hook.handle(), hook.kind(), hook.parent(),
                    Optional.of(hook.dev()), prefs.values().iterator().next(), hook.counters()));
        }
        List<KernelObject> out = new ArrayList<>();
        prefs.forEach((dirPref, owner) -> {
            String[] dp = dirPref.split(" ");
            out.add(new KernelObject(ObjectKind.TC_FILTER, "pref " + dp[1], dp[0], hook.kind(),
                    Optional.of(hook.dev()), owner, Counters.ZERO));
        });
        return out;
    }

    private static boolean isHook(String kind) {
        return kind.equals("ingress") || kind.equals("clsact");
    }

    private static Counters counters(JsonNode q) {
        return new Counters(q.path("packets").asLong(0), q.path("bytes").asLong(0), q.path("drops").asLong(0));
    }
}
