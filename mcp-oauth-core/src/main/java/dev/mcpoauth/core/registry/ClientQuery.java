package dev.mcpoauth.core.registry;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import dev.mcpoauth.core.client.RegisteredClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * A filtered, ordered, keyset-paged listing of clients, for operators (DESIGN §12):
 * {@link ClientRegistry#list(ClientQuery)} answers it one {@link ClientPage} at a time.
 *
 * <p>Filters combine with AND: a {@code client_name} prefix (case-sensitive), an exact
 * {@code software_id}, and half-open ranges {@code [from, before)} of creation time and of last
 * activity (last use, or issue time when never used). Order: {@link ClientSort} ascending or
 * descending, ties broken by client id in the same direction. Paging is by position (the sort
 * instant and client id of the last client examined), not by offset, so clients created or
 * deleted meanwhile never make a page repeat or skip one that existed throughout.
 *
 * <p>Immutable; build with {@link #builder()}.
 */
public final class ClientQuery {

    /** The default page size. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest page size a query may ask for. */
    public static final int MAX_LIMIT = 1_000;
    private static final String CURSOR_VERSION = "1";

    private final ClientSort sort;
    private final boolean descending;
    private final int limit;
    private final String clientNamePrefix;
    private final String softwareId;
    private final Instant createdFrom;
    private final Instant createdBefore;
    private final Instant lastActiveFrom;
    private final Instant lastActiveBefore;
    private final Position after;

    private ClientQuery(Builder b) {
        this.sort = b.sort;
        this.descending = b.descending;
        this.limit = b.limit;
        this.clientNamePrefix = b.clientNamePrefix;
        this.softwareId = b.softwareId;
        this.createdFrom = b.createdFrom;
        this.createdBefore = b.createdBefore;
        this.lastActiveFrom = b.lastActiveFrom;
        this.lastActiveBefore = b.lastActiveBefore;
        if (b.cursor != null) {
            this.after = decode(b.cursor, sort, descending);
        } else {
            this.after = null;
        }
    }

    /** A query of every client, oldest first, {@value #DEFAULT_LIMIT} per page, until configured otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this query's settings, cursor included. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.sort = sort;
        b.descending = descending;
        b.limit = limit;
        b.clientNamePrefix = clientNamePrefix;
        b.softwareId = softwareId;
        b.createdFrom = createdFrom;
        b.createdBefore = createdBefore;
        b.lastActiveFrom = lastActiveFrom;
        b.lastActiveBefore = lastActiveBefore;
        b.cursor = after == null ? null : cursorAt(after);
        return b;
    }

    public ClientSort sort() {
        return sort;
    }

    /** True for newest (or most recently active) first. */
    public boolean descending() {
        return descending;
    }

    /** The most clients one page holds, between 1 and {@value #MAX_LIMIT}. */
    public int limit() {
        return limit;
    }

    /** Only clients whose {@code client_name} starts with this (case-sensitive); clients without a name never match. */
    public Optional<String> clientNamePrefix() {
        return Optional.ofNullable(clientNamePrefix);
    }

    /** Only clients with exactly this {@code software_id}. */
    public Optional<String> softwareId() {
        return Optional.ofNullable(softwareId);
    }

    /** Only clients created at or after this instant. */
    public Optional<Instant> createdFrom() {
        return Optional.ofNullable(createdFrom);
    }

    /** Only clients created before this instant. */
    public Optional<Instant> createdBefore() {
        return Optional.ofNullable(createdBefore);
    }

    /** Only clients whose last activity is at or after this instant. */
    public Optional<Instant> lastActiveFrom() {
        return Optional.ofNullable(lastActiveFrom);
    }

    /** Only clients whose last activity is before this instant. */
    public Optional<Instant> lastActiveBefore() {
        return Optional.ofNullable(lastActiveBefore);
    }

    /** Where this page starts: strictly after this position; empty for the first page. */
    public Optional<Position> after() {
        return Optional.ofNullable(after);
    }

    /** The inclusive lower bound of the sort key's range, from the filters. */
    public Optional<Instant> sortKeyFrom() {
        return Optional.ofNullable(sort == ClientSort.CREATED ? createdFrom : lastActiveFrom);
    }

    /** The exclusive upper bound of the sort key's range, from the filters. */
    public Optional<Instant> sortKeyBefore() {
        return Optional.ofNullable(sort == ClientSort.CREATED ? createdBefore : lastActiveBefore);
    }

    /** True when {@code client} passes every filter (the position is not considered). */
    public boolean matches(RegisteredClient client) {
        Objects.requireNonNull(client, "client");
        if (clientNamePrefix != null
                && !client.metadata().clientName().map(n -> n.startsWith(clientNamePrefix)).orElse(false)) {
            return false;
        }
        if (softwareId != null && !client.metadata().softwareId().map(softwareId::equals).orElse(false)) {
            return false;
        }
        return within(client.createdAt(), createdFrom, createdBefore)
                && within(ClientSort.LAST_ACTIVITY.keyOf(client), lastActiveFrom, lastActiveBefore);
    }

    private static boolean within(Instant value, Instant from, Instant before) {
        return (from == null || !value.isBefore(from)) && (before == null || value.isBefore(before));
    }

    /** The position of {@code client} under this query's sort. */
    public Position positionOf(RegisteredClient client) {
        return new Position(sort.keyOf(client), client.clientId());
    }

    /** The order of positions in this query: by sort instant, then client id, in the query's direction. */
    public Comparator<Position> positionOrder() {
        Comparator<Position> ascending = Comparator.comparing(Position::key)
                .thenComparing(Position::clientId, ClientQuery::compareIds);
        return descending ? ascending.reversed() : ascending;
    }

    /** The order of clients in this query. */
    public Comparator<RegisteredClient> clientOrder() {
        Comparator<Position> positions = positionOrder();
        return (a, b) -> positions.compare(positionOf(a), positionOf(b));
    }

    /** True when {@code position} comes after this query's cursor (always, on the first page). */
    public boolean isAfterCursor(Position position) {
        return after == null || positionOrder().compare(position, after) > 0;
    }

    /** Client ids compared by their UTF-8 bytes, the order Redis and binary SQL collations use. */
    private static int compareIds(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** The opaque cursor that continues this query after {@code position}. */
    String cursorAt(Position position) {
        String text = String.join("|", CURSOR_VERSION, sort.name(), descending ? "d" : "a",
                Long.toString(position.key().getEpochSecond()), Integer.toString(position.key().getNano()),
                position.clientId());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Position decode(String cursor, ClientSort sort, boolean descending) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 6);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cursor is not one this registry issued");
        }
        requireArgument(parts.length == 6 && CURSOR_VERSION.equals(parts[0]), "the cursor is not one this registry issued");
        requireArgument(parts[1].equals(sort.name()) && parts[2].equals(descending ? "d" : "a"),
                "the cursor belongs to a listing in another order");
        try {
            Instant key = Instant.ofEpochSecond(Long.parseLong(parts[3]), Integer.parseInt(parts[4]));
            return new Position(key, parts[5]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the cursor is not one this registry issued");
        }
    }

    @Override
    public String toString() {
        return "ClientQuery{sort=" + sort + (descending ? " desc" : " asc") + ", limit=" + limit
                + (after == null ? "" : ", after a cursor") + "}";
    }

    /**
     * A place in a listing: the sort instant and the client id of one client.
     *
     * @param key the instant the listing's {@link ClientSort} orders by
     * @param clientId the client's id, the tie-break
     */
    public record Position(Instant key, String clientId) {

        /** Checks both parts are present. */
        public Position {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(clientId, "clientId");
        }
    }

    /** Configures a {@link ClientQuery}. */
    public static final class Builder {
        private ClientSort sort = ClientSort.CREATED;
        private boolean descending;
        private int limit = DEFAULT_LIMIT;
        private String clientNamePrefix;
        private String softwareId;
        private Instant createdFrom;
        private Instant createdBefore;
        private Instant lastActiveFrom;
        private Instant lastActiveBefore;
        private String cursor;

        private Builder() {
        }

        /** The order; default {@link ClientSort#CREATED}, ascending. */
        public Builder sort(ClientSort sort, boolean descending) {
            this.sort = Objects.requireNonNull(sort, "sort");
            this.descending = descending;
            return this;
        }

        /**
         * Clients per page, default {@value ClientQuery#DEFAULT_LIMIT}.
         *
         * @throws IllegalArgumentException unless between 1 and {@value ClientQuery#MAX_LIMIT}
         */
        public Builder limit(int limit) {
            requireArgument(limit >= 1 && limit <= MAX_LIMIT, "limit must be between 1 and %s: %s", MAX_LIMIT, limit);
            this.limit = limit;
            return this;
        }

        /** Only names starting with {@code prefix}; empty for no name filter. */
        public Builder clientNamePrefix(Optional<String> prefix) {
            this.clientNamePrefix = Objects.requireNonNull(prefix, "prefix").filter(p -> !p.isEmpty()).orElse(null);
            return this;
        }

        /** Only this {@code software_id}; empty for no filter. */
        public Builder softwareId(Optional<String> softwareId) {
            this.softwareId = Objects.requireNonNull(softwareId, "softwareId").orElse(null);
            return this;
        }

        /** Creation time in {@code [from, before)}; either bound may be empty. */
        public Builder created(Optional<Instant> from, Optional<Instant> before) {
            this.createdFrom = Objects.requireNonNull(from, "from").orElse(null);
            this.createdBefore = Objects.requireNonNull(before, "before").orElse(null);
            return this;
        }

        /** Last activity in {@code [from, before)}; either bound may be empty. */
        public Builder lastActive(Optional<Instant> from, Optional<Instant> before) {
            this.lastActiveFrom = Objects.requireNonNull(from, "from").orElse(null);
            this.lastActiveBefore = Objects.requireNonNull(before, "before").orElse(null);
            return this;
        }

        /**
         * Continues a listing after the page that returned {@code cursor}
         * ({@link ClientPage#nextCursor()}); empty for the first page. The sort and direction
         * must be those of the query that issued it; checked by {@link #build()}.
         */
        public Builder cursor(Optional<String> cursor) {
            this.cursor = Objects.requireNonNull(cursor, "cursor").orElse(null);
            return this;
        }

        /**
         * Builds the query.
         *
         * @throws IllegalArgumentException if the cursor was not issued by a registry or belongs
         *     to another order
         */
        public ClientQuery build() {
            return new ClientQuery(this);
        }
    }
}
