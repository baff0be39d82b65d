package io.rynxs.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.rynxs.api.ApiServer;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Logging for {@code rynxs serve} (docs/DESIGN.md, Interfaces): JSON lines on stdout with {@code timestamp}, {@code level},
 * {@code logger}, {@code message}, the MDC keys {@code trace_id}, {@code span_id} and {@code seq} where set, and the
 * key-value pairs a line carries (the access log's {@code method}, {@code route}, {@code status}, ...); or text.
 * The CLI's other commands keep logback.xml's quiet stderr setup so that stdout stays machine output.
 */
final class LogSetup {
    private LogSetup() {}

    /**
     * {@code access} ({@code debug}, {@code info}, {@code warn}, {@code off}) sets the API's access logger on its own, but never
     * below {@code level}: RYNXS_LOG_LEVEL=warn still silences the INFO lines of every logger.
     */
    static void apply(String format, String level, String access) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(context);
        out.setName("stdout");
        out.setEncoder(format.equals("json") ? json(context) : text(context));
        out.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Level rootLevel = Level.toLevel(level, Level.INFO);
        root.setLevel(rootLevel);
        root.addAppender(out);
        Level accessLevel = Level.toLevel(access, Level.INFO);
        context.getLogger(ApiServer.ACCESS_LOGGER).setLevel(accessLevel.isGreaterOrEqual(rootLevel) ? accessLevel : rootLevel);
        // Libraries are chatty at INFO; their warnings still come through.
        for (String noisy : new String[] {"org.flywaydb", "org.eclipse.jetty", "io.javalin", "io.fabric8", "software.amazon"}) {
            context.getLogger(noisy).setLevel(Level.WARN);
        }
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder e = new LogstashEncoder();
        e.setContext(context);
        e.getFieldNames().setTimestamp("timestamp");
        e.getFieldNames().setLogger("logger");
        e.getFieldNames().setVersion("[ignore]");
        e.getFieldNames().setLevelValue("[ignore]");
        e.getFieldNames().setThread("thread");
        e.start();
        return e;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{30} %X{trace_id:-} %X{seq:-} - %msg%n");
        e.start();
        return e;
    }
}
