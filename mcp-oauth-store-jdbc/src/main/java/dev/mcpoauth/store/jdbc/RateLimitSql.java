package dev.mcpoauth.store.jdbc;

/**
 * The one statement per attempt of {@link JdbcRegistrationRateLimiter}, per dialect, in one
 * place. Parameters are the caller key, then microsecond values as each method lists; the
 * condition in every form is the GCRA's: {@code max(tat, now) - now <= tolerance}.
 */
final class RateLimitSql {

    private RateLimitSql() {
    }

    /**
     * MySQL/MariaDB. Parameters: key, now, interval, now, now, tolerance, now, interval. The
     * generated key is {@code arrival * 2 + allowed}.
     */
    static String mySql(String table) {
        return "INSERT INTO " + table + " (rate_key, tat_us) VALUES (?, LAST_INSERT_ID((? + ?) * 2 + 1) DIV 2)"
                + " ON DUPLICATE KEY UPDATE tat_us = IF(GREATEST(tat_us, ?) - ? <= ?,"
                + " LAST_INSERT_ID((GREATEST(tat_us, ?) + ?) * 2 + 1) DIV 2,"
                + " LAST_INSERT_ID(tat_us * 2) DIV 2)";
    }

    /**
     * PostgreSQL. Parameters: key, now, interval, now, now, tolerance, now, interval, now, now,
     * tolerance. Returns the arrival time and whether the attempt took a permit.
     */
    static String postgreSql(String table) {
        return "INSERT INTO " + table + " AS b (rate_key, tat_us, granted) VALUES (?, ? + ?, TRUE)"
                + " ON CONFLICT (rate_key) DO UPDATE SET"
                + " tat_us = CASE WHEN GREATEST(b.tat_us, ?) - ? <= ? THEN GREATEST(b.tat_us, ?) + ? ELSE b.tat_us END,"
                + " granted = GREATEST(b.tat_us, ?) - ? <= ?"
                + " RETURNING tat_us, granted";
    }

    /**
     * H2. Parameters: key, now, tolerance, interval, tolerance, interval. Returns the arrival time
     * and whether the attempt took a permit.
     */
    static String h2(String table) {
        return "SELECT tat_us, granted FROM FINAL TABLE (MERGE INTO " + table + " AS b"
                + " USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS BIGINT))) AS s(rate_key, now_us)"
                + " ON b.rate_key = s.rate_key"
                + " WHEN MATCHED THEN UPDATE SET"
                + " tat_us = CASE WHEN GREATEST(b.tat_us, s.now_us) - s.now_us <= CAST(? AS BIGINT)"
                + " THEN GREATEST(b.tat_us, s.now_us) + CAST(? AS BIGINT) ELSE b.tat_us END,"
                + " granted = (GREATEST(b.tat_us, s.now_us) - s.now_us <= CAST(? AS BIGINT))"
                + " WHEN NOT MATCHED THEN INSERT (rate_key, tat_us, granted)"
                + " VALUES (s.rate_key, s.now_us + CAST(? AS BIGINT), TRUE))";
    }
}
