package io.rynxs.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Logging for {@code rynxs serve} (docs/DESIGN.md, Interfaces): JSON lines on stdout with {@code timestamp}, {@code level},
 * {@code logger}, {@code message}, and the MDC keys {@code trace_id} and {@code seq} where set; or text.
 * The CLI's other commands keep logback.xml's quiet stderr setup so that stdout stays machine output.
 */
final class LogSetup {
    private LogSetup() {}

    static void apply(String format, String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(context);
        out.setName("stdout");
        out.setEncoder(format.equals("json") ? json(context) : text(context));
        out.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(out);
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
