package dev.windsurf.data.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on the loopback interface that injects real network faults between a client (typically a connection
 * pool) and a server (typically PostgreSQL).
 *
 * <p>The proxy listens on {@code 127.0.0.1} only, on an ephemeral port, and relays each accepted connection to the
 * target with one virtual thread per direction. Faults:
 * <ul>
 *   <li>{@link #cutAll()}: every open connection is aborted with a TCP RST on both sides.</li>
 *   <li>{@link #refuseNewConnections(boolean)}: new connections are accepted and reset at once.</li>
 *   <li>{@link #blackhole(boolean)}: bytes stop flowing in both directions while every socket stays open.</li>
 *   <li>{@link #cutWhenClientSends(byte[], boolean)}: a one-shot cut when the client sends a given byte sequence,
 *       e.g. {@code COMMIT}.</li>
 *   <li>{@link #blackholeOpenConnections()}: the connections open now stop relaying while every socket stays open;
 *       new connections flow normally (a stateful firewall or NAT that lost its flows).</li>
 *   <li>{@link #holdWhenClientSends(byte[])}: a one-shot hold of one connection from the moment the client sends a
 *       given byte sequence; the held bytes reach the server only on {@link #releaseHeld()}.</li>
 * </ul>
 *
 * <p>With the PostgreSQL JDBC driver, connect through the proxy with {@code sslmode=disable}: otherwise the driver
 * may negotiate TLS and no marker can be seen in the byte stream.
 *
 * <p>Thread-safe: faults may be switched from any thread while connections are relayed.
 */
public final class FaultProxy implements AutoCloseable {

    /** The longest marker {@link #cutWhenClientSends(byte[], boolean)} accepts. */
    public static final int MAX_MARKER_LENGTH = 256;

    private static final InetAddress LOOPBACK = loopback();
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    private static final Duration JOIN_WAIT = Duration.ofSeconds(10);
    private static final int BUFFER_SIZE = 16 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Trigger> trigger = new AtomicReference<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong linkIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock flowLock = new ReentrantLock();
    private final Condition flowChanged = flowLock.newCondition();
    private volatile boolean refusing;
    private volatile boolean blackholed;

    private FaultProxy(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
    }

    /**
     * Starts a proxy listening on {@code 127.0.0.1} on an ephemeral port, relaying to {@code targetHost:targetPort}.
     *
     * @throws NullPointerException if {@code targetHost} is null
     * @throws IllegalArgumentException if {@code targetPort} is not in 1..65535
     * @throws UncheckedIOException if the proxy cannot listen
     */
    public static FaultProxy start(String targetHost, int targetPort) {
        Objects.requireNonNull(targetHost, "targetHost cannot be null");
        if (targetPort < 1 || targetPort > 65_535) {
            throw new IllegalArgumentException("targetPort must be in 1..65535, not " + targetPort);
        }
        ServerSocket listener;
        try {
            listener = new ServerSocket(0, 128, LOOPBACK);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + LOOPBACK.getHostAddress(), e);
        }
        FaultProxy proxy = new FaultProxy(InetSocketAddress.createUnresolved(targetHost, targetPort), listener);
        proxy.spawn("accept", proxy::acceptLoop);
        return proxy;
    }

    /** The port the proxy listens on, on {@code 127.0.0.1}. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Aborts every open connection now with a TCP RST ({@code SO_LINGER 0}) to both the client and the server. */
    public void cutAll() {
        for (Link link : List.copyOf(links)) {
            link.abort();
        }
    }

    /**
     * While {@code refuse} is true, each new client connection is accepted and then reset at once, before the target
     * is contacted; open connections are not affected. (default: false)
     */
    public void refuseNewConnections(boolean refuse) {
        this.refusing = refuse;
    }

    /**
     * While {@code on} is true, no byte is relayed in either direction, yet every socket stays open: a silent network
     * drop, so a client waits until its own timeout. New connections are still accepted (the client's TCP connect
     * succeeds) but their bytes are held too. Bytes read meanwhile are held, not discarded, and are relayed in order
     * when the blackhole is lifted, as TCP would retransmit them once a partition heals. (default: false)
     */
    public void blackhole(boolean on) {
        flowLock.lock();
        try {
            blackholed = on;
            flowChanged.signalAll();
        } finally {
            flowLock.unlock();
        }
    }

    /**
     * Arms a one-shot cut: the first time the client-to-server stream of any connection contains {@code marker}
     * (even split across reads), that connection is cut. With {@code forwardFirst} the chunk holding the end of the
     * marker is relayed to the server, every later server byte is swallowed, and both sides are reset as soon as the
     * server has answered (or after 5 seconds without an answer), so the server has acted
     * on the request but the client never hears back. Without {@code forwardFirst} that chunk is dropped and both
     * sides are reset at once, so the server never sees the complete request. Bytes sent before arming are not
     * matched. Arming again replaces a trigger that has not fired yet.
     *
     * @throws NullPointerException if {@code marker} is null
     * @throws IllegalArgumentException if {@code marker} is empty or longer than {@link #MAX_MARKER_LENGTH}
     */
    public void cutWhenClientSends(byte[] marker, boolean forwardFirst) {
        Objects.requireNonNull(marker, "marker cannot be null");
        if (marker.length == 0 || marker.length > MAX_MARKER_LENGTH) {
            throw new IllegalArgumentException(
                    "marker length must be in 1.." + MAX_MARKER_LENGTH + ", not " + marker.length);
        }
        trigger.set(new Trigger(marker.clone(), forwardFirst, false));
    }

    /**
     * Arms a one-shot hold: the first connection whose client-to-server stream contains {@code marker} stops relaying
     * in both directions from the chunk holding the end of the marker, which is held, not sent; its sockets stay
     * open. {@link #releaseHeld()} relays the held bytes in order, as TCP retransmits after a partition heals, so
     * the server acts on the request late. Replaces a trigger that has not fired yet.
     *
     * @throws NullPointerException if {@code marker} is null
     * @throws IllegalArgumentException if {@code marker} is empty or longer than {@link #MAX_MARKER_LENGTH}
     */
    public void holdWhenClientSends(byte[] marker) {
        Objects.requireNonNull(marker, "marker cannot be null");
        if (marker.length == 0 || marker.length > MAX_MARKER_LENGTH) {
            throw new IllegalArgumentException(
                    "marker length must be in 1.." + MAX_MARKER_LENGTH + ", not " + marker.length);
        }
        trigger.set(new Trigger(marker.clone(), false, true));
    }

    /**
     * The connections open now stop relaying in both directions, their sockets left open, until
     * {@link #releaseHeld()}; connections accepted later flow normally. Bytes read meanwhile are held, not
     * discarded.
     */
    public void blackholeOpenConnections() {
        for (Link link : List.copyOf(links)) {
            link.held = true;
        }
    }

    /** Lets every held connection relay again, its held bytes first. */
    public void releaseHeld() {
        for (Link link : List.copyOf(links)) {
            link.held = false;
        }
        wakeWaiters();
    }

    /** The number of connections currently relayed. */
    public int openConnections() {
        return links.size();
    }

    /** The number of client connections accepted since start, refused ones included. */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /** Stops listening, resets every open connection and waits for the proxy's threads to end. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutAll();
        long deadline = System.nanoTime() + JOIN_WAIT.toNanos();
        boolean interrupted = false;
        while (!threads.isEmpty() && System.nanoTime() < deadline) {
            for (Thread thread : List.copyOf(threads)) {
                try {
                    thread.join(Duration.ofMillis(100));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!threads.isEmpty()) {
            throw new IllegalStateException("FaultProxy threads did not end within " + JOIN_WAIT + ": " + threads);
        }
    }

    /** The number of threads the proxy has started that are still alive; zero after {@link #close()}. */
    int liveThreads() {
        return threads.size();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    System.err.println("FaultProxy on port " + port() + " stopped accepting: " + e);
                }
                return;
            }
            accepted.incrementAndGet();
            if (refusing || closed.get()) {
                reset(client);
                continue;
            }
            long id = linkIds.incrementAndGet();
            spawn("link-" + id, () -> open(id, client));
        }
    }

    private void open(long id, Socket client) {
        Socket server = new Socket();
        try {
            server.connect(new InetSocketAddress(target.getHostString(), target.getPort()), CONNECT_TIMEOUT_MILLIS);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (IOException e) {
            reset(client);
            reset(server);
            return;
        }
        Link link = new Link(id, client, server);
        links.add(link);
        if (closed.get()) {
            link.abort();
            return;
        }
        spawn("link-" + id + "-down", () -> pump(link, false));
        pump(link, true);
    }

    /** Relays one direction of a link; {@code up} is client to server. */
    private void pump(Link link, boolean up) {
        Socket from = up ? link.client : link.server;
        Socket to = up ? link.server : link.client;
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer);
                if (!awaitFlowing(link)) {
                    return;
                }
                if (!up && link.cutPending) {
                    link.abort(); // the server answered the marked request: the client must never see it
                    return;
                }
                if (n < 0) {
                    to.shutdownOutput();
                    link.directionFinished();
                    return;
                }
                if (up) {
                    Trigger fired = link.scan(trigger, buffer, n);
                    if (fired != null && fired.hold()) {
                        link.held = true;
                        if (!awaitFlowing(link)) {
                            return;
                        }
                        out.write(buffer, 0, n);
                        continue;
                    }
                    if (fired != null && !fired.forwardFirst()) {
                        link.abort();
                        return;
                    }
                    if (fired != null) {
                        link.cutPending = true;
                        Thread watchdog = spawn("link-" + link.id + "-reply-wait", () -> abortLater(link));
                        link.watchdog = watchdog;
                        if (link.aborted.get()) {
                            watchdog.interrupt();
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                        continue;
                    }
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            link.abort();
        }
    }

    private void abortLater(Link link) {
        try {
            Thread.sleep(REPLY_WAIT);
        } catch (InterruptedException e) {
            // the link ended first
        }
        link.abort();
    }

    /** Waits while the proxy is blackholed; false when the link ended meanwhile. */
    private boolean awaitFlowing(Link link) {
        flowLock.lock();
        try {
            while ((blackholed || link.held) && !link.aborted.get()) {
                flowChanged.await();
            }
            return !link.aborted.get();
        } catch (InterruptedException e) {
            link.abort();
            return false;
        } finally {
            flowLock.unlock();
        }
    }

    private void wakeWaiters() {
        flowLock.lock();
        try {
            flowChanged.signalAll();
        } finally {
            flowLock.unlock();
        }
    }

    private Thread spawn(String name, Runnable task) {
        Thread thread = Thread.ofVirtual().name("fault-proxy-" + port() + "-" + name).unstarted(() -> {
            try {
                task.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(thread);
        thread.start();
        return thread;
    }

    /** Closes a socket with {@code SO_LINGER 0}, so the peer gets a TCP RST instead of a FIN. */
    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (SocketException ignored) {
            // not connected: plain close below
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Trigger(byte[] marker, boolean forwardFirst, boolean hold) {
    }

    /** One relayed connection: a client socket, a server socket and the state of the one-shot cut. */
    private final class Link {

        final long id;
        final Socket client;
        final Socket server;
        final AtomicBoolean aborted = new AtomicBoolean();
        final AtomicInteger finishedDirections = new AtomicInteger();
        /** The last bytes the client sent, so a marker split across reads is still seen. */
        private byte[] tail = new byte[0];
        /** The trigger the tail was last scanned for; a new arming does not match bytes sent before it. */
        private Trigger scannedFor;
        volatile boolean cutPending;
        volatile boolean held;
        volatile Thread watchdog;

        Link(long id, Socket client, Socket server) {
            this.id = id;
            this.client = client;
            this.server = server;
        }

        /**
         * Looks for the armed marker ending inside this chunk and, when found, claims the one-shot trigger. Called
         * only from the client-to-server thread.
         */
        Trigger scan(AtomicReference<Trigger> armed, byte[] chunk, int length) {
            Trigger current = armed.get();
            if (current != scannedFor) {
                tail = new byte[0];
                scannedFor = current;
            }
            Trigger fired = null;
            if (current != null && !cutPending) {
                byte[] window = Arrays.copyOf(tail, tail.length + length);
                System.arraycopy(chunk, 0, window, tail.length, length);
                if (endsInChunk(window, current.marker(), tail.length) && armed.compareAndSet(current, null)) {
                    fired = current;
                }
            }
            int keep = Math.min(MAX_MARKER_LENGTH - 1, tail.length + length);
            byte[] next = new byte[keep];
            int fromChunk = Math.min(keep, length);
            int fromTail = keep - fromChunk;
            System.arraycopy(tail, tail.length - fromTail, next, 0, fromTail);
            System.arraycopy(chunk, length - fromChunk, next, fromTail, fromChunk);
            tail = next;
            return fired;
        }

        private static boolean endsInChunk(byte[] window, byte[] marker, int chunkStart) {
            int firstStart = Math.max(0, chunkStart - marker.length + 1);
            for (int start = firstStart; start + marker.length <= window.length; start++) {
                if (Arrays.equals(window, start, start + marker.length, marker, 0, marker.length)) {
                    return true;
                }
            }
            return false;
        }

        /** Resets both sides. */
        void abort() {
            if (aborted.compareAndSet(false, true)) {
                reset(client);
                reset(server);
                links.remove(this);
                Thread waiting = watchdog;
                if (waiting != null && waiting != Thread.currentThread()) {
                    waiting.interrupt();
                }
                wakeWaiters();
            }
        }

        /** Called when one direction reached end of stream; the second one closes the link normally. */
        void directionFinished() throws IOException {
            if (finishedDirections.incrementAndGet() == 2 && aborted.compareAndSet(false, true)) {
                links.remove(this);
                client.close();
                server.close();
            }
        }
    }
}
