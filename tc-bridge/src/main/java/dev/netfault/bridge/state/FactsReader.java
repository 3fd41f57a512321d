package dev.netfault.bridge.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netfault.bridge.exec.Attempt;
import dev.netfault.bridge.exec.CommandRunner;
import dev.netfault.bridge.plan.Capabilities;
import dev.netfault.bridge.plan.Command;
import dev.netfault.bridge.plan.NamespaceFacts;
import dev.netfault.bridge.plan.RootQdisc;
import dev.netfault.bridge.target.InterfaceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the target namespace's links and their qdiscs into the facts a planner needs: from the runner itself when it
 * is a {@link LinkSource} that can (rtnetlink in-process), otherwise from {@code ip -j link show} and
 * {@code tc -j qdisc show} — two processes, whatever the number of links.
 *
 * <p>{@code NamespaceFacts facts = new FactsReader(runner).read(new CapabilityProbe(runner).probe());}
 */
public final class FactsReader {

    static final Command IP_LINK = Command.of("ip", "-j", "link", "show");
    static final Command TC_QDISC = Command.of("tc", "-j", "qdisc", "show");

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Attempt run;
    private final Optional<LinkSource> inProcess;

    public FactsReader(CommandRunner runner) {
        this.run = new Attempt(runner, TIMEOUT);
        this.inProcess = runner instanceof LinkSource s ? Optional.of(s) : Optional.empty();
    }

    /** The namespace's links with their root qdiscs, and the given capabilities. */
    public NamespaceFacts read(Capabilities capabilities) throws InterruptedException {
        return new NamespaceFacts(links().stream().map(LinkQdiscs::toLink).toList(), capabilities);
    }

    /** Every link with its root qdisc and ingress/clsact qdisc, in the kernel's order. */
    public List<LinkQdiscs> links() throws InterruptedException {
        if (inProcess.isPresent()) {
            Optional<List<LinkQdiscs>> links = inProcess.get().links(TIMEOUT);
            if (links.isPresent()) {
                return links.get();
            }
        }
        return processes();
    }

    /** {@link #links()} from the two processes, whatever the runner is. */
    public List<LinkQdiscs> processes() throws InterruptedException {
        return parse(run.stdout(IP_LINK), run.stdout(TC_QDISC));
    }

    /** Joins {@code ip -j link show} and {@code tc -j qdisc show} output. */
    static List<LinkQdiscs> parse(String ipLinkJson, String tcQdiscJson) {
        JsonNode qdiscs = Json.parse(TC_QDISC.line(), tcQdiscJson);
        List<LinkQdiscs> out = new ArrayList<>();
        for (JsonNode link : Json.parse(IP_LINK.line(), ipLinkJson)) {
            String name = Json.text(link, "ifname");
            RootQdisc root = null;
            Optional<String> ingress = Optional.empty();
            for (JsonNode q : qdiscs) {
                if (!Json.text(q, "dev").equals(name)) {
                    continue;
                }
                String kind = Json.text(q, "kind");
                if (q.path("root").asBoolean(false)) {
                    root = new RootQdisc(kind, Json.text(q, "handle"));
                } else if (kind.equals("ingress") || kind.equals("clsact")) {
                    ingress = Optional.of(kind);
                }
            }
            if (root == null) {
                // tc does not list built-in qdiscs such as noop on a link that is down: the kernel default
                String kind = Json.text(link, "qdisc");
                root = RootQdisc.kernelDefault(kind.isEmpty() ? "noop" : kind);
            }
            boolean loopback = false;
            boolean up = false;
            for (JsonNode flag : link.path("flags")) {
                loopback |= flag.asText().equals("LOOPBACK");
                up |= flag.asText().equals("UP");
            }
            out.add(new LinkQdiscs(InterfaceName.of(name), loopback, up, root, ingress));
        }
        return out;
    }
}
