package dev.windsurf.data.internal.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose {@link #getConnection()} a subclass decides (connections with another search path, one shared
 * connection); the rest is the underlying source's. Connections come only with the credentials the underlying source
 * was configured with. Thread-safe when the underlying source and the subclass are.
 */
public abstract class ForwardingDataSource implements DataSource {

    private final DataSource underlying;

    /**
     * A data source over {@code underlying}.
     *
     * @param underlying where log writer, login time-out and parent logger come from
     */
    protected ForwardingDataSource(DataSource underlying) {
        this.underlying = underlying;
    }

    /** {@return the source this one forwards to} */
    protected DataSource underlying() {
        return underlying;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Connections here use the credentials the database was configured "
                + "with");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return underlying.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        underlying.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        underlying.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return underlying.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return underlying.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this);
    }
}
