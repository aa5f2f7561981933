package dev.windsurf.example.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection that has not sent one complete request head within the time-out. An idle time-out alone lets a
 * client that trickles one header byte at a time hold a connection (and a file descriptor) for ever. Later requests on
 * a kept-alive connection are bounded by the idle time-out and the connection limit. Thread-safe.
 */
final class HeaderDeadline implements Connection.Listener {

    private final Scheduler scheduler;
    private final long timeoutMillis;
    private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();

    HeaderDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        pending.put(connection, scheduler.schedule(() -> expire(connection), timeoutMillis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void onClosed(Connection connection) {
        Scheduler.Task task = pending.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }

    private void expire(Connection connection) {
        pending.remove(connection);
        if (connection.getMessagesIn() == 0) {
            connection.getEndPoint().close();
        }
    }
}
