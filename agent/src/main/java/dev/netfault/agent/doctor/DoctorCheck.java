package dev.netfault.agent.doctor;

import java.util.Objects;

/** One line of {@code netfault doctor}: what was checked, whether it is usable, what was found and how to fix it. */
public record DoctorCheck(String name, boolean ok, String detail, String fix) {

    public DoctorCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
    }

    public static DoctorCheck ok(String name, String detail) {
        return new DoctorCheck(name, true, detail, "");
    }

    public static DoctorCheck fail(String name, String detail, String fix) {
        return new DoctorCheck(name, false, detail, fix);
    }

    /** {@code ok    tc              tc utility, iproute2-6.1.0} or {@code FAIL  sch_netem  <why>  -> fix: <hint>}. */
    public String render() {
        String line = String.format("%-4s  %-22s %s", ok ? "ok" : "FAIL", name, detail).stripTrailing();
        return ok || fix.isEmpty() ? line : line + "\n      " + " ".repeat(23) + "fix: " + fix;
    }
}
