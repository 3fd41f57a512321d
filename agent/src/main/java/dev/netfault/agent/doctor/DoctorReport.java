package dev.netfault.agent.doctor;

import java.util.List;

/**
 * Everything doctor found: the checks, one verdict per fault kind, then per kind and direction whether the kernel
 * holds it by a lease ({@link LeaseSupport}). Exit code 1 when any kind cannot work.
 */
public record DoctorReport(String where, List<DoctorCheck> checks, List<KindVerdict> kinds, List<String> leases) {

    public DoctorReport {
        checks = List.copyOf(checks);
        kinds = List.copyOf(kinds);
        leases = List.copyOf(leases);
    }

    public DoctorReport(String where, List<DoctorCheck> checks, List<KindVerdict> kinds) {
        this(where, checks, kinds, List.of());
    }

    public List<String> cannotWork() {
        return kinds.stream().filter(k -> !k.works()).map(KindVerdict::kind).toList();
    }

    public int exitCode() {
        return cannotWork().isEmpty() ? 0 : 1;
    }

    public String render() {
        StringBuilder sb = new StringBuilder("netfault doctor: ").append(where).append('\n');
        checks.forEach(c -> sb.append(c.render()).append('\n'));
        sb.append("\nfault kinds:\n");
        int column = KindVerdict.column(kinds.stream().map(KindVerdict::kind).toList());
        kinds.forEach(k -> sb.append(k.render(column)).append('\n'));
        if (!leases.isEmpty()) {
            sb.append("\nleases (a dead or frozen agent's faults end within serve --lease):\n");
            leases.forEach(l -> sb.append(l).append('\n'));
        }
        List<String> bad = cannotWork();
        sb.append('\n');
        if (bad.isEmpty()) {
            sb.append("every fault kind can work here\n");
        } else {
            sb.append(bad.size()).append(" fault kind(s) cannot work here: ").append(String.join(", ", bad)).append('\n');
        }
        return sb.toString();
    }
}
