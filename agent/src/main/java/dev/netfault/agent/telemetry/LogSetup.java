package dev.netfault.agent.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging without XML: logback finds this class through {@code META-INF/services} and configures text lines on
 * standard error (standard output stays for the CLI's own output). {@code serve --log-format json} switches to
 * logback's own {@link JsonEncoder}, one JSON object per line with the key-value pairs as members.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{24} - %msg%replace( %kvp){'^ $',''}%n";

    /** Output format of {@code --log-format}. */
    public enum Format {
        TEXT, JSON;

        public static Format parse(String text) {
            switch (text == null ? "" : text.toLowerCase(Locale.ROOT)) {
                case "text": return TEXT;
                case "json": return JSON;
                default: throw new IllegalArgumentException("log-format: '" + text + "' (expected: text or json)");
            }
        }
    }

    /** What {@link #configure} installs: the format asked for by the time logging initialises (text by default). */
    private static volatile Format requested = Format.TEXT;
    private static final long INIT_WAIT_NANOS = 5_000_000_000L;

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        install(context, requested);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Replaces the running configuration: one console appender on standard error in {@code format}, INFO and up.
     * While another thread is initialising SLF4J (serve builds its metrics on one at start), SLF4J hands out a
     * stand-in factory: this waits for the real one, which {@link #configure} will have given {@code format} already
     * if it ran after the request, and installs the format again so it holds either way.
     */
    public static void apply(Format format) {
        requested = format;
        long until = System.nanoTime() + INIT_WAIT_NANOS;
        org.slf4j.ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        while (!(factory instanceof LoggerContext) && System.nanoTime() < until) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            factory = LoggerFactory.getILoggerFactory();
        }
        if (factory instanceof LoggerContext context) {
            context.reset();
            install(context, format);
        }
    }

    private static void install(LoggerContext context, Format format) {
        Encoder<ILoggingEvent> encoder;
        if (format == Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithContext(false);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            encoder = json;
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(PATTERN);
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        context.getLogger("io.netty").setLevel(Level.WARN);
    }
}
