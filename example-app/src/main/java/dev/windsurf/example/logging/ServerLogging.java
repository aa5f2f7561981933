package dev.windsurf.example.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The app's logging, set up in code when Logback starts (registered as a Logback {@link Configurator} service): the
 * XML configuration it replaces took Logback 70–130 ms to read, which a server start waited for.
 *
 * <ul>
 *   <li>Every line goes to standard error as {@value #PATTERN}.</li>
 *   <li>The root level is the system property {@code windsurf.log.level} (the commands set it: INFO for
 *       {@code serve} and with {@code --verbose}, WARN otherwise), default INFO; {@code org.jooq},
 *       {@code org.flywaydb} and {@code com.zaxxer.hikari} log at WARN.</li>
 *   <li>The access log ({@code dev.windsurf.example.access}, one line per request) is off unless
 *       {@code WINDSURF_ACCESS_LOG} (system property or environment variable) names a level such as INFO; then a
 *       background thread writes it (queue of {@value #ACCESS_QUEUE} lines, dropping lines below WARN when full), so
 *       that a request never waits for the console.</li>
 * </ul>
 *
 * <p>A configuration file given with {@code -Dlogback.configurationFile=…} replaces all of this (Logback reads it as
 * usual). Thread-safe: Logback calls it once, while it starts.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ServerLogging extends ContextAwareBase implements Configurator {

    /** The layout of every line. */
    public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";

    /** The access log's queue, in lines. */
    static final int ACCESS_QUEUE = 8192;

    /** The access log's logger. */
    public static final String ACCESS_LOGGER = "dev.windsurf.example.access";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("windsurf.log.level"), Level.INFO));
        root.addAppender(stderr);
        for (String quiet : new String[] {"org.jooq", "org.flywaydb", "com.zaxxer.hikari"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }

        Level accessLevel = Level.toLevel(setting("WINDSURF_ACCESS_LOG"), Level.OFF);
        Logger access = context.getLogger(ACCESS_LOGGER);
        access.setLevel(accessLevel);
        access.setAdditive(false);
        if (accessLevel != Level.OFF) {
            AsyncAppender async = new AsyncAppender();
            async.setContext(context);
            async.setName("ACCESS");
            async.setQueueSize(ACCESS_QUEUE);
            async.setNeverBlock(true);
            async.addAppender(stderr);
            async.start();
            access.addAppender(async);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** A system property, else the environment variable of that name, else null. */
    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
