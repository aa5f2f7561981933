package dev.windsurf.example.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the HTTP server protects itself: which {@code Host} names it answers, how many connections it holds, and how
 * long a client may take to send a request. Immutable and thread-safe; build one with {@link #builder()}.
 */
public final class HttpSettings {

    /** The default connection limit. */
    public static final int DEFAULT_MAX_CONNECTIONS = 8_192;

    private final Set<String> allowedHosts;
    private final int maxConnections;
    private final Duration requestHeaderTimeout;
    private final Duration idleTimeout;
    private final long minRequestDataRate;

    private HttpSettings(Builder builder) {
        this.allowedHosts = builder.allowedHosts == null ? null : Set.copyOf(builder.allowedHosts);
        this.maxConnections = builder.maxConnections;
        this.requestHeaderTimeout = builder.requestHeaderTimeout;
        this.idleTimeout = builder.idleTimeout;
        this.minRequestDataRate = builder.minRequestDataRate;
        if (requestHeaderTimeout.compareTo(idleTimeout) > 0) {
            throw new IllegalStateException("requestHeaderTimeout (" + requestHeaderTimeout
                    + ") cannot be longer than idleTimeout (" + idleTimeout + ")");
        }
    }

    /** The defaults: see each method of {@link Builder}. */
    public static HttpSettings defaults() {
        return builder().build();
    }

    /** A builder with the defaults. Not thread-safe. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The host names (lower case, without port) the server answers, or null for "derived from the address it listens
     * on": the loopback names when it listens on a loopback address, any name otherwise.
     */
    public Set<String> allowedHosts() {
        return allowedHosts;
    }

    /** The most connections held open at once; further ones wait in the operating system's backlog. */
    public int maxConnections() {
        return maxConnections;
    }

    /** How long a new connection may take to send its first complete request head. */
    public Duration requestHeaderTimeout() {
        return requestHeaderTimeout;
    }

    /** How long a connection may stay silent (between requests, or within one). */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The slowest request body accepted, in bytes per second. */
    public long minRequestDataRate() {
        return minRequestDataRate;
    }

    /** A mutable builder; not thread-safe. */
    public static final class Builder {
        private Set<String> allowedHosts;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private Duration requestHeaderTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private long minRequestDataRate = 256;

        private Builder() {
        }

        /**
         * The {@code Host} names to answer (case-insensitive, without port); others get 421 (default: the loopback
         * names {@code localhost}, {@code 127.0.0.1} and {@code [::1]} when listening on a loopback address, any name
         * otherwise).
         *
         * @throws IllegalArgumentException when the set is empty or a name is blank or holds a port
         */
        public Builder allowedHosts(Set<String> hosts) {
            Objects.requireNonNull(hosts, "hosts cannot be null");
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("allowedHosts cannot be empty");
            }
            Set<String> normalised = new TreeSet<>();
            for (String host : hosts) {
                Objects.requireNonNull(host, "a host cannot be null");
                String name = host.strip().toLowerCase(Locale.ROOT);
                if (name.isEmpty() || !name.matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+]")) {
                    throw new IllegalArgumentException("Not a host name (without port): '" + host + "'");
                }
                normalised.add(name);
            }
            this.allowedHosts = normalised;
            return this;
        }

        /**
         * The most connections held open at once (default: {@value #DEFAULT_MAX_CONNECTIONS}).
         *
         * @throws IllegalArgumentException when not between 1 and 1,000,000
         */
        public Builder maxConnections(int max) {
            if (max < 1 || max > 1_000_000) {
                throw new IllegalArgumentException("maxConnections must be between 1 and 1000000, was " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * How long a new connection may take to send its first complete request head (default: 10 s).
         *
         * @throws IllegalArgumentException when not between 100 ms and 10 minutes
         */
        public Builder requestHeaderTimeout(Duration timeout) {
            this.requestHeaderTimeout = checked(timeout, "requestHeaderTimeout");
            return this;
        }

        /**
         * How long a connection may stay silent (default: 30 s).
         *
         * @throws IllegalArgumentException when not between 100 ms and 10 minutes
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = checked(timeout, "idleTimeout");
            return this;
        }

        /**
         * The slowest request body accepted, in bytes per second; slower ones are cut off with 408 (default: 256).
         *
         * @throws IllegalArgumentException when not between 1 and 1,000,000
         */
        public Builder minRequestDataRate(long bytesPerSecond) {
            if (bytesPerSecond < 1 || bytesPerSecond > 1_000_000) {
                throw new IllegalArgumentException("minRequestDataRate must be between 1 and 1000000, was "
                        + bytesPerSecond);
            }
            this.minRequestDataRate = bytesPerSecond;
            return this;
        }

        private static Duration checked(Duration timeout, String name) {
            Objects.requireNonNull(timeout, name + " cannot be null");
            if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException(name + " must be between 100 ms and 10 minutes, was " + timeout);
            }
            return timeout;
        }

        /**
         * The settings.
         *
         * @throws IllegalStateException when the header time-out is longer than the idle time-out
         */
        public HttpSettings build() {
            return new HttpSettings(this);
        }
    }
}
