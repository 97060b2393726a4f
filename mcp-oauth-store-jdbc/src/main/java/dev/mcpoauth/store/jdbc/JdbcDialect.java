package dev.mcpoauth.store.jdbc;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jooq.SQLDialect;

/** The databases the JDBC store supports, each with its schema script. */
public enum JdbcDialect {

    /** MySQL 8.0 or newer (driver {@code mysql-connector-j}). */
    MYSQL(SQLDialect.MYSQL, "mysql"),

    /** MariaDB 10.6 or newer (driver {@code mysql-connector-j} or MariaDB Connector/J). */
    MARIADB(SQLDialect.MARIADB, "mysql"),

    /** PostgreSQL 13 or newer (driver {@code org.postgresql:postgresql}). */
    POSTGRESQL(SQLDialect.POSTGRES, "postgresql"),

    /** H2 2.x, embedded or over TCP. */
    H2(SQLDialect.H2, "h2");

    private final SQLDialect sqlDialect;
    private final String schemaName;

    JdbcDialect(SQLDialect sqlDialect, String schemaName) {
        this.sqlDialect = sqlDialect;
        this.schemaName = schemaName;
    }

    /**
     * The dialect a JDBC URL points at, judged by its subprotocol ({@code jdbc:mysql:},
     * {@code jdbc:mariadb:}, {@code jdbc:postgresql:}, {@code jdbc:h2:}); empty for any other URL.
     */
    public static Optional<JdbcDialect> fromJdbcUrl(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:mysql:")) {
            return Optional.of(MYSQL);
        }
        if (url.startsWith("jdbc:mariadb:")) {
            return Optional.of(MARIADB);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Optional.of(POSTGRESQL);
        }
        if (url.startsWith("jdbc:h2:")) {
            return Optional.of(H2);
        }
        return Optional.empty();
    }

    /**
     * The dialect for a {@link java.sql.DatabaseMetaData#getDatabaseProductName() database product
     * name}; empty for a database this store does not support.
     */
    public static Optional<JdbcDialect> fromProductName(String productName) {
        Objects.requireNonNull(productName, "productName");
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("mariadb")) {
            return Optional.of(MARIADB);
        }
        if (name.contains("mysql")) {
            return Optional.of(MYSQL);
        }
        if (name.contains("postgresql")) {
            return Optional.of(POSTGRESQL);
        }
        if (name.equals("h2")) {
            return Optional.of(H2);
        }
        return Optional.empty();
    }

    SQLDialect sqlDialect() {
        return sqlDialect;
    }

    /** Classpath resource holding this dialect's schema, with {@code ${table}} for the table name. */
    String schemaResource() {
        return "schema-" + schemaName + ".sql";
    }
}
