package dev.postcard.alerts;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source of a node that another node overtakes: before its {@code n}-th connection is handed out, that
 * is between two of its statements, a piece of code runs (once), as another node would at that moment.
 */
final class InterruptedDataSource implements DataSource {
    private final DataSource delegate;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile int at;
    private volatile Runnable meanwhile;

    InterruptedDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code meanwhile} before the {@code n}-th connection (counted from this call). */
    void before(int n, Runnable meanwhile) {
        this.at = connections.get() + n;
        this.meanwhile = meanwhile;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Runnable now = connections.incrementAndGet() == at ? meanwhile : null;
        if (now != null) {
            meanwhile = null;
            now.run();
        }
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the test connects as the store does");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return delegate.isWrapperFor(type);
    }
}
