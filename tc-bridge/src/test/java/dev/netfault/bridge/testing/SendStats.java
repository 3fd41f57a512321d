package dev.netfault.bridge.testing;

/**
 * What {@code Traffic udp-send} measured: datagrams whose {@code send()} succeeded, those that failed, how many of the
 * failures were EPERM (an iptables DROP in OUTPUT), and the first error's message.
 */
public record SendStats(String target, int sent, int errors, int eperm, String firstError) {

    static SendStats parse(String target, String output) {
        int sent = -1;
        int errors = -1;
        int eperm = -1;
        String firstError = "";
        for (String line : output.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 6 && f[0].equals("sent")) {
                sent = Integer.parseInt(f[1]);
                errors = Integer.parseInt(f[3]);
                eperm = Integer.parseInt(f[5]);
            } else if (line.startsWith("first-error ")) {
                firstError = line.substring("first-error ".length()).trim();
            }
        }
        if (sent < 0) {
            throw new IllegalStateException("udp-send printed no summary: " + output);
        }
        return new SendStats(target, sent, errors, eperm, firstError);
    }

    public int attempted() {
        return sent + errors;
    }

    @Override
    public String toString() {
        return "udp " + target + ": " + sent + "/" + attempted() + " send() ok, " + errors + " errors (" + eperm + " EPERM)"
                + (firstError.isEmpty() ? "" : ", first: " + firstError);
    }
}
