package dev.windsurf.example.logging;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The logging of the app's short-lived commands ({@code db …}, {@code status}, {@code demo}): warnings and errors to
 * standard error in the service's format, nothing below. A command would otherwise spend a third of its run starting
 * Logback for lines it does not print. {@code dev.windsurf.example.Main} selects it through SLF4J's
 * {@code slf4j.provider} property; {@code serve} and {@code --verbose} keep Logback. Thread-safe.
 */
public final class CommandLogging implements SLF4JServiceProvider {

    private final ILoggerFactory loggers = new Loggers();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to read: the level is fixed
    }

    private static final class Loggers implements ILoggerFactory {
        private final ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();

        @Override
        public Logger getLogger(String name) {
            return byName.computeIfAbsent(name, WarningsToStderr::new);
        }
    }

    /** Prints WARN and ERROR as {@code HH:mm:ss.SSS LEVEL logger - message}, with a throwable's first line. */
    static final class WarningsToStderr extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

        WarningsToStderr(String name) {
            this.name = name;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            PrintStream err = System.err;
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            err.println(LocalTime.now().format(TIME) + " " + String.format("%-5s", level) + " " + shortName + " - "
                    + message + (throwable == null ? "" : ": " + throwable));
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
