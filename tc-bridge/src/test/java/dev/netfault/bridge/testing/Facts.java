package dev.netfault.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Link;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.RootQdisc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a test namespace's {@link NamespaceFacts}: its links with their root qdiscs, and this machine's capabilities. */
public final class Facts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Facts() {
    }

    /** The namespace's links as {@code ip -j link} and {@code tc -j qdisc} show them, with this machine's capabilities. */
    public static NamespaceFacts read(Netns ns) throws InterruptedException {
        return read(ns, capabilities());
    }

    public static NamespaceFacts read(Netns ns, Capabilities capabilities) throws InterruptedException {
        List<Link> links = new ArrayList<>();
        for (JsonNode link : parse(ns.exec("ip", "-j", "link", "show"))) {
            String name = link.path("ifname").asText();
            RootQdisc root = RootQdisc.kernelDefault("noqueue");
            for (JsonNode q : parse(ns.exec("tc", "-j", "qdisc", "show", "dev", name))) {
                if (q.path("root").asBoolean(false)) {
                    root = new RootQdisc(q.path("kind").asText(), q.path("handle").asText());
                }
            }
            links.add(Link.of(name, root));
        }
        return new NamespaceFacts(links, capabilities);
    }

    /** What this machine's kernel can do (Linux 6.18 here: no sch_netem, no sch_prio). */
    public static Capabilities capabilities() {
        return Capabilities.withoutNetem();
    }

    private static JsonNode parse(String text) {
        try {
            return text.isBlank() ? JSON.createArrayNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
