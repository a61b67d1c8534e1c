package dev.selfheal.receiver.store;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Picks the JDBC driver from the URL at run time. Quarkus fixes the datasource's {@code db-kind}
 * at build time; this driver lets one build use the embedded H2 file by default and PostgreSQL
 * when {@code QUARKUS_DATASOURCE_JDBC_URL} names it.
 */
public class RoutingDriver implements Driver {

    private static final Driver H2 = new org.h2.Driver();
    private static final Driver POSTGRES = new org.postgresql.Driver();

    static Driver delegateFor(String url) throws SQLException {
        if (url != null && url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        throw new SQLException("unsupported JDBC URL: only jdbc:h2: and jdbc:postgresql: are supported", "08001");
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        return delegateFor(url).connect(explicitH2Path(url), info);
    }

    /**
     * H2 refuses a file path that is implicitly relative ({@code data/selfheal}); a relative
     * {@code SELFHEAL_DATA_DIR} is meant relative to the working directory, so say so explicitly.
     */
    static String explicitH2Path(String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return url;
        }
        String path = url.substring(prefix.length());
        boolean explicit = path.startsWith("/") || path.startsWith("./") || path.startsWith("../")
                || path.startsWith("~") || path.matches("^[A-Za-z]:.*");
        return explicit ? url : prefix + "./" + path;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && (url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:"));
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return delegateFor(url).getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
