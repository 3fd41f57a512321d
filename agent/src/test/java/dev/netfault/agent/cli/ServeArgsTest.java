package dev.netfault.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code serve}'s options read without picocli are what picocli reads, and anything unusual is left to picocli. */
class ServeArgsTest {

    private static List<String> args(String line) {
        return line.isEmpty() ? List.of() : Arrays.asList(line.split(" "));
    }

    /** Every option field, as text: what the command runs with. */
    private static List<String> fields(ServeCommand c) {
        return List.of(String.valueOf(c.listen), String.valueOf(c.netns), String.valueOf(c.stateDir),
                String.valueOf(c.maxDuration), String.valueOf(c.lease), String.valueOf(c.allowUnleased),
                String.valueOf(c.exempt), String.valueOf(c.tokenFile), String.valueOf(c.mode), String.valueOf(c.rateLimit),
                String.valueOf(c.logFormat), String.valueOf(c.requestDeadline));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "--state-dir /var/lib/netfault",
        "--state-dir=/tmp/nf --listen 127.0.0.1:0",
        "--listen [::1]:51680 --netns nfa1 --max-duration 1h --lease 30s --allow-unleased",
        "--exempt 198.51.100.7 --exempt=2001:db8::/32 --token-file /run/token --listen 0.0.0.0:51680",
        "--mode kernel --rate-limit 1/5s --log-format json --request-deadline 20s",
        "--mode=platform --log-format=text --lease=3s --max-duration=90m",
    })
    void plainCommandLines_giveThePicocliFields(String line) {
        Optional<ServeCommand> fast = ServeArgs.read(args(line), null);
        ServeCommand viaPicocli = NetfaultCommand.serveCommandLine().parseArgs(args(line).toArray(String[]::new))
                .commandSpec().commandLine().getCommand();

        assertThat(fast).as(line).isPresent();
        assertThat(fields(fast.get())).as(line).isEqualTo(fields(viaPicocli));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--help", "-h", "--version", "-V", "--no-such-option", "--state-dir", "--lease 1s --lease 2s",
        "--allow-unleased --allow-unleased", "--allow-unleased=true", "@args.txt", "--listen -1", "--netns=",
        "--lease fortnight", "--exempt not-an-address", "--rate-limit 5", "--listen nowhere", "-- --listen 1",
        "--state-dir /x extra",
    })
    void anythingElse_isLeftToPicocli(String line) {
        assertThat(ServeArgs.read(args(line), null)).as(line).isEmpty();
    }
}
