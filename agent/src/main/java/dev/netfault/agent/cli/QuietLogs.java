package dev.netfault.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side commands print their own results: the libraries' INFO logs (a capability probe's timing, say) would
 * only clutter a terminal or a script's output, so they keep warnings and errors only. {@code serve} keeps its logs.
 */
final class QuietLogs {

    private QuietLogs() {
    }

    static void apply() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.WARN);
        }
    }
}
