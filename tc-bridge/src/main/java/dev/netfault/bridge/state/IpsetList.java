package dev.netfault.bridge.state;

import dev.netfault.bridge.plan.Ownership;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code ipset list -t}: the {@code nf<id>-<suffix>} sets. */
final class IpsetList {

    private IpsetList() {
    }

    static List<KernelObject> parse(String text) {
        List<KernelObject> out = new ArrayList<>();
        String name = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("Name: ")) {
                name = line.substring("Name: ".length()).strip();
            } else if (line.startsWith("Type: ") && name != null) {
                String type = line.substring("Type: ".length()).strip();
                String set = name;
                Ownership.ofIpset(set).ifPresent(id -> out.add(new KernelObject(ObjectKind.IPSET, set, type, "",
                        Optional.empty(), Optional.of(id), Counters.ZERO)));
                name = null;
            }
        }
        return out;
    }
}
