package dev.netfault.agent.cli;

import dev.netfault.agent.client.AgentException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a command's body and maps its failures to netfault's exit codes, printing one line on standard error:
 * 0 success, 1 failure (agent error or unreachable), 2 usage error, 3 conflict (HTTP 409).
 */
final class Outcome {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int CONFLICT = 3;

    /** A command body that may talk to the agent. */
    @FunctionalInterface
    interface Body {
        int run() throws InterruptedException;
    }

    private Outcome() {
    }

    static int of(CommandLine.Model.CommandSpec spec, Body body) {
        PrintWriter err = spec.commandLine().getErr();
        QuietLogs.apply();
        try {
            return body.run();
        } catch (AgentException e) {
            err.println("netfault: " + e.getMessage());
            return e.conflict() ? CONFLICT : FAILURE;
        } catch (IllegalArgumentException e) {
            err.println("netfault: " + e.getMessage());
            err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
            return USAGE;
        } catch (RuntimeException e) {
            err.println("netfault: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("netfault: interrupted");
            return FAILURE;
        } finally {
            err.flush();
            spec.commandLine().getOut().flush();
        }
    }
}
