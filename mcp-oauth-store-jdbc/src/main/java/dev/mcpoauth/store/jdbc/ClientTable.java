package dev.mcpoauth.store.jdbc;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;

import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientSort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The client table: its columns and every statement the store runs against it. The DDL lives
 * in the {@code schema-<dialect>.sql} resources beside this class.
 */
final class ClientTable {

    static final String DEFAULT_NAME = "mcp_oauth_client";

    /** Unquoted names only, short enough for PostgreSQL's 63-byte limit with the index suffix. */
    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");

    static final Field<String> CLIENT_ID = text("client_id");
    static final Field<Long> CLIENT_ID_ISSUED_AT = bigint("client_id_issued_at");
    static final Field<String> CLIENT_SECRET_HASH = text("client_secret_hash");
    static final Field<Long> CLIENT_SECRET_EXPIRES_AT = bigint("client_secret_expires_at");
    static final Field<String> REGISTRATION_ACCESS_TOKEN_HASH = text("registration_access_token_hash");
    static final Field<String> REDIRECT_URIS = text("redirect_uris");
    static final Field<String> TOKEN_ENDPOINT_AUTH_METHOD = text("token_endpoint_auth_method");
    static final Field<String> GRANT_TYPES = text("grant_types");
    static final Field<String> RESPONSE_TYPES = text("response_types");
    static final Field<String> APPLICATION_TYPE = text("application_type");
    static final Field<String> CLIENT_NAME = text("client_name");
    static final Field<String> CLIENT_URI = text("client_uri");
    static final Field<String> LOGO_URI = text("logo_uri");
    static final Field<String> SCOPE = text("scope");
    static final Field<String> CONTACTS = text("contacts");
    static final Field<String> TOS_URI = text("tos_uri");
    static final Field<String> POLICY_URI = text("policy_uri");
    static final Field<String> JWKS_URI = text("jwks_uri");
    static final Field<String> JWKS = text("jwks");
    static final Field<String> SOFTWARE_ID = text("software_id");
    static final Field<String> SOFTWARE_VERSION = text("software_version");
    static final Field<String> LOCALIZED_VALUES = text("localized_values");
    static final Field<Long> CREATED_AT_NS = bigint("created_at_ns");
    static final Field<Long> UPDATED_AT_NS = bigint("updated_at_ns");
    static final Field<Long> LAST_USED_AT_NS = bigint("last_used_at_ns");
    /**
     * {@link dev.mcpoauth.core.client.RegisteredClient#lastActivity()}, stored so that reaping can
     * compare it on the server; indexed for reaping.
     */
    static final Field<Long> LAST_ACTIVITY_AT_NS = bigint("last_activity_at_ns");
    static final Field<Long> VERSION = bigint("version");

    static final List<Field<?>> COLUMNS = List.of(
            CLIENT_ID, CLIENT_ID_ISSUED_AT, CLIENT_SECRET_HASH, CLIENT_SECRET_EXPIRES_AT,
            REGISTRATION_ACCESS_TOKEN_HASH, REDIRECT_URIS, TOKEN_ENDPOINT_AUTH_METHOD, GRANT_TYPES,
            RESPONSE_TYPES, APPLICATION_TYPE, CLIENT_NAME, CLIENT_URI, LOGO_URI, SCOPE, CONTACTS,
            TOS_URI, POLICY_URI, JWKS_URI, JWKS, SOFTWARE_ID, SOFTWARE_VERSION, LOCALIZED_VALUES,
            CREATED_AT_NS, UPDATED_AT_NS, LAST_USED_AT_NS, LAST_ACTIVITY_AT_NS, VERSION);

    private final String name;
    private final Table<Record> table;

    ClientTable(String name) {
        if (!PLAIN_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("table name must be a plain SQL identifier of at most 40 "
                    + "characters ([A-Za-z_][A-Za-z0-9_]*): " + name);
        }
        this.name = name;
        this.table = table(DSL.name(name));
    }

    private static Field<String> text(String column) {
        return field(DSL.name(column), SQLDataType.VARCHAR);
    }

    private static Field<Long> bigint(String column) {
        return field(DSL.name(column), SQLDataType.BIGINT);
    }

    String name() {
        return name;
    }

    /**
     * The SQL of the insert, rendered once for the dialect of {@code db}: every column of
     * {@link #COLUMNS} as a {@code ?} parameter, in that order. It fails on the primary key when
     * the id exists: the atomic create.
     */
    String insertSql(DSLContext db) {
        List<Field<?>> parameters = COLUMNS.stream().<Field<?>>map(c -> DSL.param(c.getName(), c.getDataType())).toList();
        return db.render(db.insertInto(table, COLUMNS).values(parameters));
    }

    /** The SQL of the lookup by id, rendered once for the dialect of {@code db}: one {@code ?}, the id. */
    String selectByIdSql(DSLContext db) {
        return db.render(db.select(COLUMNS).from(table).where(CLIENT_ID.eq(DSL.param(CLIENT_ID.getName(), String.class))));
    }

    /** Updates every column but the id, only while the stored version is {@code expectedVersion}. */
    Query replaceIfVersion(DSLContext db, Map<Field<?>, Object> row, long expectedVersion) {
        Map<Field<?>, Object> values = new LinkedHashMap<>(row);
        Object clientId = values.remove(CLIENT_ID);
        return db.update(table).set(values)
                .where(CLIENT_ID.eq((String) clientId))
                .and(VERSION.eq(expectedVersion));
    }

    Query deleteById(DSLContext db, String clientId) {
        return db.deleteFrom(table).where(CLIENT_ID.eq(clientId));
    }

    /**
     * Records a use. The activity column becomes the use time, mirroring
     * {@link dev.mcpoauth.core.client.RegisteredClient#lastActivity()} (the last use when there is one).
     */
    Query touch(DSLContext db, String clientId, long lastUsedAtNs) {
        return db.update(table)
                .set(LAST_USED_AT_NS, lastUsedAtNs)
                .set(LAST_ACTIVITY_AT_NS, lastUsedAtNs)
                .where(CLIENT_ID.eq(clientId));
    }

    /**
     * The ids of up to {@code limit} clients inactive since before the cutoff, oldest first:
     * {@code last_activity_at_ns < cutoff} mirrors
     * {@link dev.mcpoauth.core.client.RegisteredClient#unusedSince(java.time.Instant)}.
     */
    ResultQuery<Record1<String>> selectInactiveIds(DSLContext db, long cutoffNs, int limit) {
        return db.select(CLIENT_ID).from(table)
                .where(LAST_ACTIVITY_AT_NS.lt(cutoffNs))
                .orderBy(LAST_ACTIVITY_AT_NS)
                .limit(limit);
    }

    /** Deletes those of the ids still inactive, so a client touched meanwhile survives. */
    Query deleteInactive(DSLContext db, Collection<String> clientIds, long cutoffNs) {
        return db.deleteFrom(table)
                .where(CLIENT_ID.in(clientIds))
                .and(LAST_ACTIVITY_AT_NS.lt(cutoffNs));
    }

    /**
     * One page of a listing, plus one row to tell whether more follow: the filters in SQL, the
     * keyset condition on (sort column, client id), the indexes {@code _created_idx} and
     * {@code _activity_id_idx} serving the order. PostgreSQL compares ids in the "C" collation,
     * so ids order by their bytes there too, as on every other backend.
     */
    ResultQuery<Record> list(DSLContext db, JdbcDialect dialect, ClientQuery query) {
        Field<Long> sortColumn = query.sort() == ClientSort.CREATED ? CREATED_AT_NS : LAST_ACTIVITY_AT_NS;
        Field<String> id = dialect == JdbcDialect.POSTGRESQL ? binaryCollation(CLIENT_ID) : CLIENT_ID;
        List<Condition> where = new ArrayList<>();
        query.clientNamePrefix().ifPresent(prefix -> where.add(CLIENT_NAME.like(likePrefix(prefix), LIKE_ESCAPE)));
        query.softwareId().ifPresent(softwareId -> where.add(SOFTWARE_ID.eq(softwareId)));
        query.createdFrom().ifPresent(from -> where.add(CREATED_AT_NS.ge(EpochNanos.clamped(from))));
        query.createdBefore().ifPresent(before -> where.add(CREATED_AT_NS.lt(EpochNanos.clamped(before))));
        query.lastActiveFrom().ifPresent(from -> where.add(LAST_ACTIVITY_AT_NS.ge(EpochNanos.clamped(from))));
        query.lastActiveBefore().ifPresent(before -> where.add(LAST_ACTIVITY_AT_NS.lt(EpochNanos.clamped(before))));
        query.after().ifPresent(after -> {
            long key = EpochNanos.clamped(after.key());
            Field<String> afterId = dialect == JdbcDialect.POSTGRESQL
                    ? binaryCollation(DSL.val(after.clientId())) : DSL.val(after.clientId());
            where.add(query.descending()
                    ? sortColumn.le(key).and(sortColumn.lt(key).or(id.lt(afterId)))
                    : sortColumn.ge(key).and(sortColumn.gt(key).or(id.gt(afterId))));
        });
        return db.select(COLUMNS).from(table)
                .where(where)
                .orderBy(query.descending() ? sortColumn.desc() : sortColumn.asc(),
                        query.descending() ? id.desc() : id.asc())
                .limit(query.limit() + 1);
    }

    private static final char LIKE_ESCAPE = '!';

    /** PostgreSQL's byte-order collation; quoted, since an unquoted C folds to the unknown "c". */
    private static Field<String> binaryCollation(Field<String> field) {
        return DSL.field("{0} collate \"C\"", String.class, field);
    }

    private static String likePrefix(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 8);
        for (char c : prefix.toCharArray()) {
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                pattern.append(LIKE_ESCAPE);
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    ResultQuery<Record1<Long>> count(DSLContext db) {
        return db.select(DSL.count().coerce(SQLDataType.BIGINT)).from(table);
    }
}
