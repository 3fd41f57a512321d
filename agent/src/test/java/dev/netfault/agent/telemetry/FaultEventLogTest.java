package dev.netfault.agent.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netfault.agent.faults.ActiveFault;
import dev.netfault.agent.faults.FaultKey;
import dev.netfault.bridge.blackhole.BlackholeSpec;
import dev.netfault.bridge.plan.FaultId;
import dev.netfault.bridge.target.Direction;
import dev.netfault.bridge.target.Protocol;
import dev.netfault.bridge.target.Targeting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One line per fault event, with id and commands, rendered as text and as logback JSON. */
class FaultEventLogTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ch.qos.logback.classic.Logger logger = context.getLogger(FaultEventLog.LOGGER);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final ActiveFault fault;

    FaultEventLogTest() {
        BlackholeSpec spec = new BlackholeSpec(443, Protocol.TCP, Direction.EGRESS, Targeting.all());
        fault = new ActiveFault(new FaultId("00c0ffee"), FaultKey.of(spec), spec, Instant.parse("2026-11-26T12:00:00Z"),
                Instant.parse("2026-11-26T12:01:00Z"), "iptables", List.of("eth0"));
    }

    @BeforeEach
    void attach() {
        events.setContext(context);
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(events);
    }

    private String text(ILoggingEvent e) {
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(context);
        enc.setPattern("%msg%replace( %kvp){'^ $',''}");
        enc.start();
        return new String(enc.encode(e), StandardCharsets.UTF_8);
    }

    @Test
    void events_oneLineEachWithIdAndCommands() {
        FaultEventLog log = new FaultEventLog();

        log.started(fault, List.of("iptables -w 5 -N NETFAULT-00c0ffee", "iptables -w 5 -I OUTPUT 1 -j NETFAULT-00c0ffee"),
                Duration.ofMillis(7));
        log.verified(fault);
        log.stopped(fault, "expired", List.of("iptables -w 5 -X NETFAULT-00c0ffee"), Duration.ofMillis(3));
        log.stopped(fault, "stopped", List.of(), Duration.ofMillis(2));
        log.failed(FaultKey.latency(), "apply", "latency needs sch_netem");

        assertThat(events.list).extracting(this::text).containsExactly(
                "fault started event=\"started\" id=\"00c0ffee\" kind=\"blackhole\" key=\"blackhole:egress-tcp-443\" "
                        + "mechanism=\"iptables\" interfaces=\"[eth0]\" expiresAt=\"2026-11-26T12:01:00Z\" applyMs=\"7\" "
                        + "commands=\"[iptables -w 5 -N NETFAULT-00c0ffee, iptables -w 5 -I OUTPUT 1 -j NETFAULT-00c0ffee]\"",
                "fault verified event=\"verified\" id=\"00c0ffee\" kind=\"blackhole\" key=\"blackhole:egress-tcp-443\"",
                "fault expired event=\"expired\" id=\"00c0ffee\" kind=\"blackhole\" key=\"blackhole:egress-tcp-443\" "
                        + "reason=\"expired\" revertMs=\"3\" commands=\"[iptables -w 5 -X NETFAULT-00c0ffee]\"",
                "fault stopped event=\"stopped\" id=\"00c0ffee\" kind=\"blackhole\" key=\"blackhole:egress-tcp-443\" "
                        + "reason=\"stopped\" revertMs=\"2\" commands=\"[]\"",
                "fault failed event=\"failed\" kind=\"latency\" key=\"latency\" phase=\"apply\" error=\"latency needs sch_netem\"");
    }

    @Test
    void jsonEncoder_onePerLineObjectWithKeyValuePairs() throws Exception {
        new FaultEventLog().started(fault, List.of("iptables -w 5 -N NETFAULT-00c0ffee"), Duration.ofMillis(7));
        JsonEncoder enc = new JsonEncoder();
        enc.setContext(context);
        enc.start();

        String line = new String(enc.encode(events.list.get(0)), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("loggerName").asText()).isEqualTo("netfault.faults");
        assertThat(json.get("message").asText()).isEqualTo("fault started");
        assertThat(json.get("kvpList").toString()).contains("{\"id\":\"00c0ffee\"}")
                .contains("{\"commands\":\"[iptables -w 5 -N NETFAULT-00c0ffee]\"}");
    }

    @Test
    void started_batchScriptStaysOnOneLine() {
        new FaultEventLog().started(fault, List.of("TZ=UTC nft -f - <<'EOF'\ntable netdev netfault_00c0ffee {\n}\nEOF"),
                Duration.ofMillis(1));

        assertThat(text(events.list.get(0))).doesNotContain("\n")
                .endsWith("commands=\"[TZ=UTC nft -f - <<'EOF'\\ntable netdev netfault_00c0ffee {\\n}\\nEOF]\"");
    }

    @Test
    void format_parsesTextOrJsonOnly() {
        assertThat(LogSetup.Format.parse("JSON")).isEqualTo(LogSetup.Format.JSON);
        assertThat(LogSetup.Format.parse("text")).isEqualTo(LogSetup.Format.TEXT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogSetup.Format.parse("xml"))
                .hasMessage("log-format: 'xml' (expected: text or json)");
    }
}
