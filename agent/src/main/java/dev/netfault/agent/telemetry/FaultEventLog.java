package dev.netfault.agent.telemetry;

import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.agent.faults.FaultListener;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per fault event (started, verified, stopped / expired, failed) with the fault id and, where commands ran,
 * the commands. The fields are SLF4J key-value pairs, so the JSON encoder gives each its own member:
 * {@code fault started id=1a2b3c4d kind=latency key=latency expiresAt=... applyMs=4 commands=[tc ...]}.
 */
public final class FaultEventLog implements FaultListener {

    /** The logger name operators filter on. */
    public static final String LOGGER = "netfault.faults";

    private final Logger log;

    public FaultEventLog() {
        this(LoggerFactory.getLogger(LOGGER));
    }

    FaultEventLog(Logger log) {
        this.log = log;
    }

    @Override
    public void started(ActiveFault fault, List<String> commands, Duration applyTime) {
        log.atInfo().setMessage("fault started")
                .addKeyValue("event", "started")
                .addKeyValue("id", fault.id().value())
                .addKeyValue("kind", fault.key().kind())
                .addKeyValue("key", fault.key().toString())
                .addKeyValue("mechanism", fault.mechanism())
                .addKeyValue("interfaces", fault.interfaces())
                .addKeyValue("expiresAt", fault.expiresAt().toString())
                .addKeyValue("applyMs", applyTime.toMillis())
                .addKeyValue("commands", oneLine(commands))
                .log();
    }

    @Override
    public void verified(ActiveFault fault) {
        log.atInfo().setMessage("fault verified")
                .addKeyValue("event", "verified")
                .addKeyValue("id", fault.id().value())
                .addKeyValue("kind", fault.key().kind())
                .addKeyValue("key", fault.key().toString())
                .log();
    }

    /** Logged as {@code fault expired} when the reason is expiry, otherwise {@code fault stopped}. */
    @Override
    public void stopped(ActiveFault fault, String reason, List<String> commands, Duration revertTime) {
        String event = reason.equals("expired") ? "expired" : "stopped";
        log.atInfo().setMessage("fault " + event)
                .addKeyValue("event", event)
                .addKeyValue("id", fault.id().value())
                .addKeyValue("kind", fault.key().kind())
                .addKeyValue("key", fault.key().toString())
                .addKeyValue("reason", reason)
                .addKeyValue("revertMs", revertTime.toMillis())
                .addKeyValue("commands", oneLine(commands))
                .log();
    }

    /** Batch commands carry their standard input (an nft or iptables-restore script): keep the event on one line. */
    private static List<String> oneLine(List<String> commands) {
        return commands.stream().map(c -> c.replace("\r", "").replace("\n", "\\n")).toList();
    }

    @Override
    public void failed(FaultKey key, String phase, String message) {
        log.atWarn().setMessage("fault failed")
                .addKeyValue("event", "failed")
                .addKeyValue("kind", key.kind())
                .addKeyValue("key", key.toString())
                .addKeyValue("phase", phase)
                .addKeyValue("error", message.replace("\n", "\\n"))
                .log();
    }
}
