package dev.netfault.bridge.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.bridge.exec.Attempt;
import dev.netfault.bridge.exec.CommandResult;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.Feature;
import dev.netfault.bridge.plan.Ownership;
import dev.netfault.bridge.state.Json;
import dev.netfault.bridge.tc.MarkClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Tries qdiscs, filters and actions on the probe's scratch link and reads back what the kernel installed. A u32
 * filter counts only when its match key comes back: a kernel can accept a u32 match and install it without the
 * key, and such a filter would match every packet.
 */
final class TcProbe {

    /** 198.51.100.1 as u32 prints the key of {@code match ip dst 198.51.100.1/32}. */
    static final String PROBE_DST = "198.51.100.1/32";
    static final String PROBE_KEY = "c6336401";

    private final Attempt tc;
    private final String link;
    private final ProbeFindings findings;

    TcProbe(Attempt tc, String link, ProbeFindings findings) {
        this.tc = tc;
        this.link = link;
        this.findings = findings;
    }

    void run() throws InterruptedException {
        root(Feature.NETEM, List.of("netem", "delay", "1ms"), "netem");
        root(Feature.PRIO, List.of("prio"), "prio");
        root(Feature.HTB, List.of("htb", "default", "1"), "htb");
        root(Feature.TBF, List.of("tbf", "rate", "1mbit", "burst", "18432", "limit", "65536"), "tbf");
        String direction = classifierHook();
        if (direction != null) {
            filters(direction);
        }
    }

    private void root(Feature feature, List<String> qdisc, String kind) throws InterruptedException {
        Command add = Command.of(concat(List.of("tc", "qdisc", "add", "dev", link, "root", "handle",
                Ownership.TC_ROOT_HANDLE), qdisc));
        CommandResult r = tc.run(add);
        if (!r.ok()) {
            findings.no(feature, Attempt.why(add, r));
            return;
        }
        JsonNode root = qdiscs().stream().filter(q -> q.path("root").asBoolean(false)).findFirst().orElse(null);
        if (root != null && Json.text(root, "kind").equals(kind)
                && Json.text(root, "handle").equals(Ownership.TC_ROOT_HANDLE)) {
            findings.yes(feature);
        } else {
            findings.no(feature, "tc accepted '" + String.join(" ", qdisc) + "' but the kernel shows root "
                    + (root == null ? "none" : Json.text(root, "kind") + " " + Json.text(root, "handle")));
        }
        tc.run(Command.of("tc", "qdisc", "del", "dev", link, "root", "handle", Ownership.TC_ROOT_HANDLE));
    }

    /** Adds clsact (else a plain ingress qdisc) and returns the filter direction to try, or null when neither works. */
    private String classifierHook() throws InterruptedException {
        Command clsact = Command.of("tc", "qdisc", "add", "dev", link, "clsact");
        CommandResult r = tc.run(clsact);
        if (r.ok() && qdiscs().stream().anyMatch(q -> Json.text(q, "kind").equals("clsact"))) {
            findings.yes(Feature.CLSACT);
            return "egress";
        }
        findings.no(Feature.CLSACT, r.ok() ? "tc accepted clsact but the kernel does not show it"
                : Attempt.why(clsact, r));
        Command ingress = Command.of("tc", "qdisc", "add", "dev", link, "handle", "ffff:", "ingress");
        CommandResult i = tc.run(ingress);
        if (i.ok()) {
            return "ingress";
        }
        String why = "no clsact or ingress qdisc to attach filters to: " + Attempt.why(ingress, i);
        findings.no(Feature.U32, why);
        findings.no(Feature.MIRRED, why);
        findings.no(Feature.CLS_BPF, why);
        return null;
    }

    private void filters(String direction) throws InterruptedException {
        List<String> redirect = List.of("action", "mirred", "egress", "redirect", "dev", link);
        Command u32 = Command.of(concat(List.of("tc", "filter", "add", "dev", link, direction, "protocol", "ip",
                "pref", "1", "u32", "match", "ip", "dst", PROBE_DST), redirect));
        CommandResult r = tc.run(u32);
        if (r.ok()) {
            JsonNode filter = readFilter(direction, 1);
            JsonNode match = filter == null ? null : filter.path("options").path("match");
            if (match != null && PROBE_KEY.equals(Json.text(match, "value"))
                    && "ffffffff".equals(Json.text(match, "mask"))) {
                findings.yes(Feature.U32);
            } else {
                findings.no(Feature.U32, "tc accepted 'u32 match ip dst " + PROBE_DST + "' but the kernel "
                        + "installed it without its match key: it would match every packet");
            }
            mirred(filter);
            bpf(direction);
            return;
        }
        findings.no(Feature.U32, Attempt.why(u32, r));
        bpf(direction);
        Command all = Command.of(concat(List.of("tc", "filter", "add", "dev", link, direction, "pref", "3",
                "matchall"), redirect));
        CommandResult m = tc.run(all);
        if (m.ok()) {
            mirred(readFilter(direction, 3));
        } else {
            findings.no(Feature.MIRRED, "no classifier to attach it to: " + Attempt.why(all, m));
        }
    }

    /** cls_bpf counts when the kernel shows the mark program it was given, all four instructions of it. */
    private void bpf(String direction) throws InterruptedException {
        Command add = Command.of("tc", "filter", "add", "dev", link, direction, "protocol", "all", "pref", "2", "bpf",
                "bytecode", MarkClassifier.BYTECODE, "classid", "1:1");
        CommandResult r = tc.run(add);
        if (!r.ok()) {
            findings.no(Feature.CLS_BPF, Attempt.why(add, r));
            return;
        }
        Command show = Command.of("tc", "-j", "filter", "show", "dev", link, direction);
        CommandResult s = tc.run(show);
        boolean found = false;
        if (s.ok()) {
            for (JsonNode f : Json.parse(show.line(), s.stdout())) {
                found |= f.path("pref").asInt() == 2 && Json.text(f, "kind").equals("bpf")
                        && f.path("options").path("bytecode").path("length").asInt() == 4;
            }
        }
        if (found) {
            findings.yes(Feature.CLS_BPF);
        } else {
            findings.no(Feature.CLS_BPF, "tc accepted 'bpf bytecode' but the kernel shows no such program on the filter");
        }
    }

    private void mirred(JsonNode filter) {
        boolean found = false;
        if (filter != null) {
            for (JsonNode a : filter.path("options").path("actions")) {
                found |= Json.text(a, "kind").equals("mirred") && Json.text(a, "mirred_action").equals("redirect")
                        && Json.text(a, "to_dev").equals(link);
            }
        }
        if (found) {
            findings.yes(Feature.MIRRED);
        } else {
            findings.no(Feature.MIRRED, "tc accepted 'action mirred egress redirect' but the kernel shows no "
                    + "such action on the filter");
        }
    }

    private JsonNode readFilter(String direction, int pref) throws InterruptedException {
        Command show = Command.of("tc", "-j", "filter", "show", "dev", link, direction);
        CommandResult r = tc.run(show);
        if (!r.ok()) {
            return null;
        }
        JsonNode found = null;
        for (JsonNode f : Json.parse(show.line(), r.stdout())) {
            if (f.path("pref").asInt() == pref && f.path("options").has("actions")) {
                found = f;
            }
        }
        return found;
    }

    private List<JsonNode> qdiscs() throws InterruptedException {
        Command show = Command.of("tc", "-j", "qdisc", "show", "dev", link);
        CommandResult r = tc.run(show);
        if (!r.ok()) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        Json.parse(show.line(), r.stdout()).forEach(out::add);
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
