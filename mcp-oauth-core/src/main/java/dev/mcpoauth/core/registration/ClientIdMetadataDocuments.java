package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import dev.mcpoauth.core.cimd.FetchRequest;
import dev.mcpoauth.core.cimd.FetchResponse;
import dev.mcpoauth.core.cimd.HostResolver;
import dev.mcpoauth.core.cimd.MetadataDocumentException;
import dev.mcpoauth.core.cimd.MetadataDocumentException.Failure;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException;
import dev.mcpoauth.core.cimd.MetadataDocumentFetcher;
import dev.mcpoauth.core.cimd.MetadataDocumentUrl;
import dev.mcpoauth.core.cimd.SpecialPurposeAddresses;
import dev.mcpoauth.core.cimd.TrustPolicy;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.event.ClientSummary;
import dev.mcpoauth.core.event.EventPublisher;
import dev.mcpoauth.core.event.MetadataDocumentRefused;
import dev.mcpoauth.core.event.MetadataDocumentResolved;
import dev.mcpoauth.core.event.RegistrationEventListener;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Resolves URL {@code client_id}s through their Client ID Metadata Documents (DESIGN §9,
 * draft-ietf-oauth-client-id-metadata-document): checks the URL and the trust policy, resolves
 * the host once, refuses any address that is not global unicast, has the
 * {@link MetadataDocumentFetcher} fetch from exactly the checked addresses, validates the
 * document with the same rules as Dynamic Client Registration, and caches the result.
 * Thread-safe; build one per server and share it.
 *
 * <p>Limits and their defaults: document at most 5 KiB; one deadline of 5 s for DNS, connect,
 * TLS, headers and body (the host is resolved on a small pool of daemon threads, so a hanging
 * resolver costs a caller no more than the deadline); a cache of 1 000 documents, least recently used evicted, each kept for
 * its {@code Cache-Control: max-age} (or {@code Expires}) clamped to [60 s, 24 h], 1 h when
 * the origin says nothing and 60 s for {@code no-store}/{@code no-cache}; at most 10 fetch
 * attempts per URL per minute; at most 16 fetches in flight. Concurrent first lookups of one
 * URL share one fetch. A cached document is checked again, without a fetch, against the
 * registration and trust policies current at each lookup.
 *
 * <p>Resolved clients are public: no secret, no registration access token, never stored in a
 * {@code ClientRegistry}.
 */
public final class ClientIdMetadataDocuments {

    /** Shortest time a document stays cached, whatever the origin says. */
    public static final Duration MIN_TTL = Duration.ofSeconds(60);
    /** Longest time a document stays cached, whatever the origin says. */
    public static final Duration MAX_TTL = Duration.ofHours(24);
    /** How long a document stays cached when the origin says nothing. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    /** The window of the per-URL fetch limit. */
    public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger(ClientIdMetadataDocuments.class.getName());
    private static final String REFUSED = "the client metadata document URL is not allowed";

    private final MetadataDocumentFetcher fetcher;
    private final HostResolver hostResolver;
    private final Clock clock;
    private final Supplier<RegistrationPolicy> registrationPolicy;
    private final Supplier<TrustPolicy> trustPolicy;
    private final int maxDocumentBytes;
    private final Duration timeout;
    private final int cacheSize;
    private final int fetchesPerUrlPerMinute;
    private final boolean loopbackOriginsAllowed;

    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Entry>> fetching = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ArrayDeque<Long>> attempts = new ConcurrentHashMap<>();
    private final AtomicLong accessTicks = new AtomicLong();
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final ThreadPoolExecutor resolvers;
    private final EventPublisher events;

    private ClientIdMetadataDocuments(Builder b) {
        this.fetcher = b.fetcher;
        this.hostResolver = b.hostResolver;
        this.clock = b.clock;
        this.registrationPolicy = b.registrationPolicy;
        this.trustPolicy = b.trustPolicy;
        this.maxDocumentBytes = b.maxDocumentBytes;
        this.timeout = b.timeout;
        this.cacheSize = b.cacheSize;
        this.fetchesPerUrlPerMinute = b.fetchesPerUrlPerMinute;
        this.maxInFlight = b.maxInFlight;
        this.inFlight = new Semaphore(b.maxInFlight);
        this.resolvers = new ThreadPoolExecutor(0, b.maxInFlight, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "cimd-dns");
                    thread.setDaemon(true);
                    return thread;
                });
        this.loopbackOriginsAllowed = b.loopbackOriginsAllowed;
        this.events = new EventPublisher(b.listeners);
        if (loopbackOriginsAllowed) {
            LOG.log(System.Logger.Level.WARNING, "Client ID Metadata Documents may be fetched from loopback"
                    + " addresses: a development-only setting that must never be used in production");
        }
    }

    /**
     * A builder with the defaults above: trust any host, validate with
     * {@code RegistrationPolicy.builder().build()}, resolve with the JDK, the system UTC clock.
     */
    public static Builder builder(MetadataDocumentFetcher fetcher) {
        return new Builder(fetcher);
    }

    /**
     * The client a URL {@code client_id} names.
     *
     * @return the client, or empty when {@code clientId} is not a valid metadata document URL or
     *     the trust policy does not allow it (both look like an unknown client)
     * @throws MetadataDocumentException when the document cannot be fetched, is refused by the
     *     address guard, is invalid, or the fetch limits are reached
     */
    public Optional<RegisteredClient> resolve(String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        boolean[] cacheHit = {false};
        try {
            Optional<RegisteredClient> client = resolve(clientId, cacheHit);
            if (client.isPresent()) {
                events.publish(new MetadataDocumentResolved(clock.instant(), ClientSummary.of(client.get()), cacheHit[0]));
            } else {
                events.publish(new MetadataDocumentRefused(clock.instant(), clientId, "unknown"));
            }
            return client;
        } catch (MetadataDocumentException e) {
            events.publish(new MetadataDocumentRefused(clock.instant(), clientId,
                    e.failure().name().toLowerCase(Locale.ROOT)));
            throw e;
        }
    }

    private Optional<RegisteredClient> resolve(String clientId, boolean[] cacheHit) {
        Entry cached = cache.get(clientId);
        TrustPolicy trust = trustPolicy.get();
        RegistrationPolicy policy = registrationPolicy.get();
        if (cached != null && cached.trust == trust && cached.policy == policy
                && clock.millis() < cached.expiresAtMillis) {
            cached.lastAccess = accessTicks.incrementAndGet();
            cacheHit[0] = true;
            return cached.result;
        }
        Optional<MetadataDocumentUrl> parsed = MetadataDocumentUrl.parse(clientId);
        if (parsed.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "URL client_id refused without a fetch: it "
                    + MetadataDocumentUrl.problem(clientId).orElse(""));
            return Optional.empty();
        }
        MetadataDocumentUrl url = parsed.get();
        if (!trust.trusts(url)) {
            LOG.log(System.Logger.Level.INFO, () -> "URL client_id refused by the trust policy: host " + url.host());
            return Optional.empty();
        }
        if (cached != null && clock.millis() < cached.expiresAtMillis) {
            cacheHit[0] = true;
            return recheck(cached, url, trust, policy).result;
        }
        return Optional.of(fetchShared(url, trust, policy).client);
    }

    /** The number of documents cached now. */
    public int cachedDocuments() {
        return cache.size();
    }

    /** True when loopback origins are allowed (development only). */
    public boolean loopbackOriginsAllowed() {
        return loopbackOriginsAllowed;
    }

    private Entry recheck(Entry cached, MetadataDocumentUrl url, TrustPolicy trust, RegistrationPolicy policy) {
        RegisteredClient client = MetadataDocumentValidator.validate(url, cached.document, policy,
                cached.client.clientIdIssuedAt());
        Entry updated = new Entry(cached.document, client, trust, policy, cached.expiresAtMillis, accessTicks.incrementAndGet());
        cache.replace(url.value(), cached, updated);
        return updated;
    }

    private Entry fetchShared(MetadataDocumentUrl url, TrustPolicy trust, RegistrationPolicy policy) {
        String key = url.value();
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> leader = fetching.putIfAbsent(key, mine);
        if (leader != null) {
            Entry shared = await(leader);
            return shared.policy == policy && shared.trust == trust ? shared : recheck(shared, url, trust, policy);
        }
        try {
            Entry fresh = cache.get(key);
            if (fresh == null || clock.millis() >= fresh.expiresAtMillis) {
                fresh = fetchAndValidate(url, trust, policy);
                store(key, fresh);
            } else if (fresh.policy != policy || fresh.trust != trust) {
                fresh = recheck(fresh, url, trust, policy);
            }
            mine.complete(fresh);
            return fresh;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            fetching.remove(key, mine);
        }
    }

    private Entry await(CompletableFuture<Entry> leader) {
        try {
            return leader.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("fetching the client metadata document timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the client metadata document");
        }
    }

    private Entry fetchAndValidate(MetadataDocumentUrl url, TrustPolicy trust, RegistrationPolicy policy) {
        long start = clock.millis();
        ArrayDeque<Long> window = attempts.computeIfAbsent(url.value(), k -> new ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= start - RATE_WINDOW.toMillis()) {
                window.pollFirst();
            }
            if (window.size() >= fetchesPerUrlPerMinute) {
                long retryMillis = window.peekFirst() + RATE_WINDOW.toMillis() - start;
                Duration retryAfter = Duration.ofSeconds(Math.max(1, (retryMillis + 999) / 1000));
                LOG.log(System.Logger.Level.WARNING, () -> "metadata document fetches rate limited for host " + url.host());
                throw new MetadataDocumentException(Failure.RATE_LIMITED, "too many attempts to fetch this client's"
                        + " metadata document; retry after " + retryAfter.toSeconds() + " s", retryAfter);
            }
            if (!inFlight.tryAcquire()) {
                LOG.log(System.Logger.Level.WARNING, () -> maxInFlight + " metadata document fetches in flight; failing fast");
                throw new MetadataDocumentException(Failure.OVERLOADED,
                        "too many client metadata documents are being fetched; retry shortly", Duration.ofSeconds(1));
            }
            window.addLast(start);
        }
        forgetOldAttempts(start);
        try {
            List<InetAddress> addresses = checkedAddresses(url, timeout);
            Duration left = timeout.minusMillis(clock.millis() - start);
            if (left.isNegative() || left.isZero()) {
                throw unavailable("fetching the client metadata document timed out");
            }
            FetchResponse response = fetch(new FetchRequest(url, addresses, left, maxDocumentBytes));
            Map<String, Object> document = parse(url, response);
            Instant fetchedAt = clock.instant();
            RegisteredClient client = MetadataDocumentValidator.validate(url, document, policy, fetchedAt);
            long expires = fetchedAt.toEpochMilli() + ttl(response, fetchedAt).toMillis();
            LOG.log(System.Logger.Level.DEBUG, () -> "fetched the client metadata document of host " + url.host());
            return new Entry(document, client, trust, policy, expires, accessTicks.incrementAndGet());
        } catch (MetadataDocumentException e) {
            LOG.log(System.Logger.Level.INFO, () -> "client metadata document of host " + url.host() + " refused: "
                    + e.failure() + ": " + e.description());
            throw e;
        } finally {
            inFlight.release();
        }
    }

    private List<InetAddress> checkedAddresses(MetadataDocumentUrl url, Duration left) {
        List<InetAddress> addresses = List.copyOf(resolveWithin(url.host(), left));
        if (addresses.isEmpty()) {
            throw unavailable("the host of the client metadata document URL does not resolve");
        }
        for (InetAddress address : addresses) {
            boolean allowed = SpecialPurposeAddresses.isGlobalUnicast(address)
                    || (loopbackOriginsAllowed && SpecialPurposeAddresses.isLoopback(address));
            if (!allowed) {
                LOG.log(System.Logger.Level.WARNING, () -> "refused to fetch a client metadata document: host "
                        + url.host() + " resolves to " + address.getHostAddress() + ", which is not global unicast"
                        + " (all addresses: " + addresses.stream().map(InetAddress::getHostAddress).toList() + ")");
                throw new MetadataDocumentException(Failure.REFUSED, REFUSED, null);
            }
        }
        return addresses;
    }

    /**
     * Resolves on a bounded pool so that a hanging system resolver costs the caller no more than
     * the deadline; lookups still running when every resolver thread is busy fail fast.
     */
    private List<InetAddress> resolveWithin(String host, Duration left) {
        Future<List<InetAddress>> lookup;
        try {
            lookup = resolvers.submit(() -> hostResolver.resolve(host));
        } catch (RejectedExecutionException e) {
            throw new MetadataDocumentException(Failure.OVERLOADED,
                    "too many client metadata documents are being fetched; retry shortly", Duration.ofSeconds(1));
        }
        try {
            return lookup.get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw unavailable("fetching the client metadata document timed out");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw unavailable("the host of the client metadata document URL does not resolve");
            }
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("the host resolver failed", e.getCause());
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while resolving the client metadata document host");
        }
    }

    private FetchResponse fetch(FetchRequest request) {
        try {
            return fetcher.fetch(request);
        } catch (MetadataDocumentFetchException e) {
            LOG.log(System.Logger.Level.INFO, () -> "fetching the client metadata document of host "
                    + request.url().host() + " failed: " + e.reason() + ": " + e.getMessage());
            switch (e.reason()) {
                case TIMED_OUT:
                    throw unavailable("fetching the client metadata document timed out");
                case TOO_LARGE:
                    throw invalid("the client metadata document is larger than " + maxDocumentBytes + " bytes");
                case ADDRESS_REFUSED:
                    throw new MetadataDocumentException(Failure.REFUSED, REFUSED, null);
                default:
                    throw unavailable("the client metadata document could not be fetched");
            }
        }
    }

    private Map<String, Object> parse(MetadataDocumentUrl url, FetchResponse response) {
        int status = response.status();
        if (status != 200) {
            throw unavailable("the client metadata document URL answered HTTP " + status + "; only 200 is accepted"
                    + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
        }
        String contentType = response.header("content-type").orElse("");
        if (!isJson(contentType)) {
            throw invalid("the client metadata document is not served as application/json");
        }
        byte[] body = response.body();
        if (body.length > maxDocumentBytes) {
            throw invalid("the client metadata document is larger than " + maxDocumentBytes + " bytes");
        }
        try {
            return Json.parseObject(body);
        } catch (IllegalArgumentException e) {
            throw invalid("the client metadata document is not a JSON object: " + e.getMessage());
        }
    }

    /** {@code application/json} or {@code application/*+json}, parameters allowed. */
    static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json")
                || (type.startsWith("application/") && type.endsWith("+json") && type.length() > "application/+json".length());
    }

    /** Cache lifetime from the response, clamped; {@code no-store}/{@code no-cache} get the floor. */
    static Duration ttl(FetchResponse response, Instant now) {
        Optional<String> cacheControl = response.header("cache-control");
        if (cacheControl.isPresent()) {
            Long maxAge = null;
            for (String directive : cacheControl.get().split(",")) {
                String d = directive.trim().toLowerCase(Locale.ROOT);
                if (d.equals("no-store") || d.equals("no-cache") || d.startsWith("no-cache=")) {
                    return MIN_TTL;
                }
                if (d.startsWith("max-age=") && maxAge == null) {
                    String seconds = d.substring("max-age=".length()).replace("\"", "");
                    if (!seconds.isEmpty() && seconds.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        maxAge = seconds.length() > 9 ? Long.MAX_VALUE / 1000 : Long.parseLong(seconds);
                    }
                }
            }
            if (maxAge != null) {
                return clamp(Duration.ofSeconds(Math.min(maxAge, MAX_TTL.toSeconds() + 1)));
            }
        }
        Optional<String> expires = response.header("expires");
        if (expires.isPresent()) {
            try {
                Instant at = ZonedDateTime.parse(expires.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return clamp(Duration.between(now, at));
            } catch (DateTimeParseException e) {
                return MIN_TTL; // RFC 9111 §5.3: an invalid Expires means "already expired"
            }
        }
        return DEFAULT_TTL;
    }

    private static Duration clamp(Duration ttl) {
        return ttl.compareTo(MIN_TTL) < 0 ? MIN_TTL : ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
    }

    private void store(String key, Entry entry) {
        cache.put(key, entry);
        while (cache.size() > cacheSize) {
            Map.Entry<String, Entry> eldest = null;
            for (Map.Entry<String, Entry> candidate : cache.entrySet()) {
                if (eldest == null || candidate.getValue().lastAccess < eldest.getValue().lastAccess) {
                    eldest = candidate;
                }
            }
            if (eldest == null) {
                return;
            }
            cache.remove(eldest.getKey(), eldest.getValue());
        }
    }

    /** Keeps the per-URL attempt windows bounded when many distinct URLs are tried. */
    private void forgetOldAttempts(long now) {
        if (attempts.size() <= Math.max(1_000, cacheSize)) {
            return;
        }
        long cutoff = now - RATE_WINDOW.toMillis();
        attempts.forEach((url, window) -> {
            synchronized (window) {
                if (window.isEmpty() || window.peekLast() <= cutoff) {
                    attempts.remove(url, window);
                }
            }
        });
    }

    private static MetadataDocumentException unavailable(String description) {
        return new MetadataDocumentException(Failure.ORIGIN_UNAVAILABLE, description, null);
    }

    private static MetadataDocumentException invalid(String description) {
        return new MetadataDocumentException(Failure.INVALID_DOCUMENT, description, null);
    }

    private static final class Entry {
        final Map<String, Object> document;
        final RegisteredClient client;
        final Optional<RegisteredClient> result;
        final TrustPolicy trust;
        final RegistrationPolicy policy;
        final long expiresAtMillis;
        volatile long lastAccess;

        Entry(Map<String, Object> document, RegisteredClient client, TrustPolicy trust, RegistrationPolicy policy,
                long expiresAtMillis, long lastAccess) {
            this.document = document;
            this.client = client;
            this.result = Optional.of(client);
            this.trust = trust;
            this.policy = policy;
            this.expiresAtMillis = expiresAtMillis;
            this.lastAccess = lastAccess;
        }
    }

    /** Builds {@link ClientIdMetadataDocuments}; every setting has the default given on the class. */
    public static final class Builder {
        private final MetadataDocumentFetcher fetcher;
        private HostResolver hostResolver = HostResolver.system();
        private Clock clock = Clock.systemUTC();
        private Supplier<RegistrationPolicy> registrationPolicy;
        private Supplier<TrustPolicy> trustPolicy = TrustPolicy::open;
        private int maxDocumentBytes = 5 * 1024;
        private Duration timeout = Duration.ofSeconds(5);
        private int cacheSize = 1_000;
        private int fetchesPerUrlPerMinute = 10;
        private List<RegistrationEventListener> listeners = List.of();
        private int maxInFlight = 16;
        private boolean loopbackOriginsAllowed;

        private Builder(MetadataDocumentFetcher fetcher) {
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
            RegistrationPolicy defaults = RegistrationPolicy.builder().build();
            this.registrationPolicy = () -> defaults;
        }

        /** How host names become addresses; the JDK's resolver by default. */
        public Builder hostResolver(HostResolver hostResolver) {
            this.hostResolver = Objects.requireNonNull(hostResolver, "hostResolver");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The redirect, scheme, grant and length rules documents must meet: the same policy as
         * Dynamic Client Registration (its {@code enabled} flag does not matter here).
         */
        public Builder registrationPolicy(RegistrationPolicy policy) {
            Objects.requireNonNull(policy, "policy");
            this.registrationPolicy = () -> policy;
            return this;
        }

        /**
         * A policy that may change while the server runs; asked at every lookup, and a cached
         * document is validated again when the answer is a different object.
         */
        public Builder registrationPolicy(Supplier<RegistrationPolicy> policy) {
            this.registrationPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder trustPolicy(TrustPolicy trustPolicy) {
            Objects.requireNonNull(trustPolicy, "trustPolicy");
            this.trustPolicy = () -> trustPolicy;
            return this;
        }

        /** A trust policy that may change while the server runs; asked at every lookup. */
        public Builder trustPolicy(Supplier<TrustPolicy> trustPolicy) {
            this.trustPolicy = Objects.requireNonNull(trustPolicy, "trustPolicy");
            return this;
        }

        /** Largest document accepted, in bytes (default 5 KiB, at most 1 MiB). */
        public Builder maxDocumentBytes(int bytes) {
            requireArgument(bytes > 0 && bytes <= 1 << 20, "maxDocumentBytes must be in [1, 1048576], got %s", bytes);
            this.maxDocumentBytes = bytes;
            return this;
        }

        /** The one deadline for DNS, connect, TLS, headers and body (default 5 s, at most 60 s). */
        public Builder timeout(Duration timeout) {
            requireArgument(!timeout.isNegative() && !timeout.isZero() && timeout.compareTo(Duration.ofSeconds(60)) <= 0,
                    "timeout must be in (0, 60 s], got %s", timeout);
            this.timeout = timeout;
            return this;
        }

        /** How many documents the cache keeps (default 1 000). */
        public Builder cacheSize(int entries) {
            requireArgument(entries > 0, "cacheSize must be positive, got %s", entries);
            this.cacheSize = entries;
            return this;
        }

        /** Fetch attempts allowed per URL per minute (default 10). */
        public Builder fetchesPerUrlPerMinute(int attempts) {
            requireArgument(attempts > 0, "fetchesPerUrlPerMinute must be positive, got %s", attempts);
            this.fetchesPerUrlPerMinute = attempts;
            return this;
        }

        /** Fetches allowed in flight at once; beyond it lookups fail fast (default 16). */
        public Builder maxInFlight(int fetches) {
            requireArgument(fetches > 0, "maxInFlight must be positive, got %s", fetches);
            this.maxInFlight = fetches;
            return this;
        }

        /**
         * Development only: also fetch from loopback addresses ({@code 127.0.0.0/8}, {@code ::1}),
         * for a document served on this machine. Every other special-purpose range stays
         * refused. Logs a warning when built. Never enable it in production.
         */
        public Builder allowLoopbackOriginsForDevelopment(boolean allowed) {
            this.loopbackOriginsAllowed = allowed;
            return this;
        }

        /**
         * Listeners told of every resolution: {@link MetadataDocumentResolved} (from the cache or
         * fetched) or {@link MetadataDocumentRefused} with the reason ({@code unknown} for a URL
         * that is not a document URL or not trusted, else the {@link Failure} in lower case).
         * None by default.
         */
        public Builder listeners(List<RegistrationEventListener> listeners) {
            this.listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
            return this;
        }

        public ClientIdMetadataDocuments build() {
            return new ClientIdMetadataDocuments(this);
        }
    }
}
