package dev.mcpoauth.server;

import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.registration.ClientReaper;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registry.ClientRegistry;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.store.jdbc.JdbcRegistrationRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone registration server (DESIGN §6): Jetty 12 hosting the HTTP binding on the
 * configured store, plus {@code GET /health}. {@link #main} reads the configuration, starts, and
 * on {@code SIGTERM} stops accepting, finishes in-flight requests, closes the store and exits 0.
 */
public final class McpOAuthServer implements AutoCloseable {

    /** How long a stop waits for in-flight requests before giving up on them. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    static final int EXIT_INVALID_CONFIGURATION = 2;
    static final int EXIT_START_FAILED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(McpOAuthServer.class);

    private final Server jetty;
    private final StoreBackend store;
    private final URI uri;
    private final URI issuer;
    private final ServerConfiguration config;
    private final Optional<ServerMetrics> metrics;
    private final Optional<Reaper> reaper;

    private McpOAuthServer(Server jetty, StoreBackend store, URI uri, URI issuer, ServerConfiguration config,
            Optional<ServerMetrics> metrics, Optional<Reaper> reaper) {
        this.reaper = reaper;
        this.jetty = jetty;
        this.store = store;
        this.uri = uri;
        this.issuer = issuer;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * What {@link #main} does before it waits: either a running server, or the exit status and
     * the one line it logged for a start that failed.
     *
     * @param server the running server, empty when the start failed
     * @param exitStatus {@value #EXIT_INVALID_CONFIGURATION} for an invalid configuration,
     *     {@value #EXIT_START_FAILED} for another failure, 0 while the server runs
     * @param message the line logged for a failure, empty while the server runs
     */
    record Launch(Optional<McpOAuthServer> server, int exitStatus, String message) {
    }

    /**
     * Opens the store, starts Jetty and logs the start-up line.
     *
     * @throws Exception when the store cannot be opened or the port cannot be bound; whatever was
     *     opened is closed again
     */
    public static McpOAuthServer start(ServerConfiguration config) throws Exception {
        Objects.requireNonNull(config, "config");
        return start(config, StoreBackend.open(config));
    }

    /** Starts on an already opened store, which the server then owns and closes. */
    static McpOAuthServer start(ServerConfiguration config, StoreBackend store) throws Exception {
        Server jetty = null;
        Optional<ServerMetrics> metrics = Optional.empty();
        Optional<Reaper> reaper = Optional.empty();
        try {
            Clock clock = Clock.systemUTC();
            Optional<RegistrationRateLimiter> limiter = config.rateLimit().map(limit -> store.rateLimiter(limit, clock));
            Optional<Runnable> housekeeping = limiter.filter(JdbcRegistrationRateLimiter.class::isInstance)
                    .map(JdbcRegistrationRateLimiter.class::cast).map(jdbc -> jdbc::deleteExpired);
            QueuedThreadPool threads = new QueuedThreadPool();
            threads.setName("mcp-oauth-http");
            jetty = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
            connector.setHost(config.host());
            connector.setPort(config.port());
            jetty.addConnector(connector);
            jetty.setStopTimeout(STOP_TIMEOUT.toMillis());
            jetty.setStopAtShutdown(false);
            connector.open();

            int port = connector.getLocalPort();
            URI issuer = config.issuer(port);
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            context.addServlet(new ServletHolder("health", new HealthServlet(store.registry(), config.maxBodyBytes())),
                    HealthServlet.PATH);
            context.addServlet(new ServletHolder("not-found", new NotFoundServlet(config.maxBodyBytes())), "/");
            ClientRegistry registry = store.registry();
            List<RegistrationEventListener> listeners = new ArrayList<>();
            if (config.metricsEnabled()) {
                ServerMetrics meters = new ServerMetrics();
                metrics = Optional.of(meters);
                registry = meters.meter(registry, config.store().configName());
                listeners.add(meters.listener());
                meters.bindJetty(jetty);
                context.addServlet(new ServletHolder("metrics", new MetricsServlet(meters.registry())), MetricsServlet.PATH);
            }
            if (!config.adminTokens().isEmpty()) {
                ClientAdministration administration = new ClientAdministration(registry, listeners, clock);
                context.addServlet(new ServletHolder("admin", new AdminServlet(administration, config.adminTokens(), config.maxBodyBytes())),
                        AdminServlet.PATH + "/*");
            }
            RegistrationService registration = RegistrationEndpoints.install(context, config, registry, limiter, port,
                    listeners);
            jetty.setHandler(new GracefulHandler(context));
            jetty.start();
            reaper = Reaper.start(ClientReaper.builder(registry).clock(clock).listeners(listeners).build(),
                    config.reapUnusedAfter(), config.reapInterval(), housekeeping);

            URI uri = URI.create("http://" + ServerConfiguration.hostForUrl(config.host()) + ":" + port);
            McpOAuthServer server = new McpOAuthServer(jetty, store, uri, issuer, config, metrics, reaper);
            server.logStartup(config, registration.permitsInWrite());
            return server;
        } catch (Exception | Error e) {
            reaper.ifPresent(Reaper::close);
            metrics.ifPresent(ServerMetrics::close);
            try (store) {
                if (jetty != null) {
                    jetty.stop();
                }
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void logStartup(ServerConfiguration config, boolean permitsInWrite) {
        // warnings first, so that the start-up line is the last thing a reader waits for
        boolean loopback = isLoopback(config.host());
        if (config.policy().enabled() && config.policy().openRegistration() && !loopback) {
            LOG.warn("*** OPEN REGISTRATION ON A NON-LOOPBACK ADDRESS ***  Anyone who can reach {} can register"
                    + " clients. Set registration.initial-access-tokens (and registration.allowed-redirect-hosts),"
                    + " or bind server.host to 127.0.0.1.", uri);
        }
        if (!config.issuerConfigured() && !loopback) {
            LOG.warn("issuer defaults to {}, which remote clients may not reach: set issuer to the URL they use", issuer);
        }
        LOG.info("mcp-oauth server listening on {} (issuer {}), store {}, registration {} at {}{}, {}",
                uri, issuer, store.description(), registrationMode(config), uri, config.registrationPath(),
                abuseControls(config, permitsInWrite));
    }

    private static String registrationMode(ServerConfiguration config) {
        if (!config.policy().enabled()) {
            return "disabled";
        }
        return config.policy().openRegistration() ? "open" : "gated by initial access token";
    }

    private static String abuseControls(ServerConfiguration config, boolean permitsInWrite) {
        return "rate limit " + config.rateLimit().map(limit -> limit + " per " + config.rateLimitKey()
                .name().toLowerCase(java.util.Locale.ROOT)).orElse("off")
                + (config.trustedProxies().isEmpty() ? "" : " behind " + config.trustedProxies())
                + (permitsInWrite ? ", permit taken in the store's write" : "")
                + ", client cap " + (config.policy().maxClients() == 0 ? "off" : config.policy().maxClients())
                + ", reaping " + (config.reapUnusedAfter().isZero() ? "off"
                        : "after " + config.reapUnusedAfter() + " every " + config.reapInterval());
    }

    static boolean isLoopback(String host) {
        try {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The bound address as a URL, such as {@code http://127.0.0.1:8080}. */
    public URI uri() {
        return uri;
    }

    /** The issuer advertised in the metadata document. */
    public URI issuer() {
        return issuer;
    }

    /** Runs {@code action} when a stop begins, before in-flight requests are drained. */
    void whenStopping(Runnable action) {
        jetty.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                action.run();
            }
        });
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Stops accepting connections, waits up to {@link #STOP_TIMEOUT} for in-flight requests,
     * then closes the store.
     *
     * @throws IllegalStateException when Jetty or the store fails to stop cleanly (the store is
     *     closed in any case); its cause says why
     */
    @Override
    public void close() {
        try {
            reaper.ifPresent(Reaper::close);
            jetty.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping", e);
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not stop cleanly", e);
        } finally {
            try {
                store.close();
            } finally {
                metrics.ifPresent(ServerMetrics::close);
            }
        }
    }

    /** Runs the server; see the class documentation and {@code docs/configuration.md}. */
    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        if (args.length > 0 && args[0].equals("clients")) {
            LogFormat.quietForCommandLine();
            // the CLI's output is its product: tables and JSON on standard output, messages on standard error
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            int status = new ClientsCommand(out, err).run(List.of(args).subList(1, args.length), System.getenv());
            LogFormat.flush();
            System.exit(status);
            return;
        }
        Launch launch = launch(List.of(args), System.getenv());
        if (launch.server().isEmpty()) {
            LogFormat.flush();
            System.exit(launch.exitStatus());
            return;
        }
        McpOAuthServer server = launch.server().get();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopOnSignal, "mcp-oauth-shutdown"));
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads the configuration and starts, as {@link #main} does, without exiting: an invalid
     * configuration gives {@value #EXIT_INVALID_CONFIGURATION} and one line naming the key, any
     * other start failure {@value #EXIT_START_FAILED} and one line with credentials masked.
     */
    static Launch launch(List<String> arguments, Map<String, String> environment) {
        ServerConfiguration config;
        try {
            config = ServerConfiguration.load(arguments, environment);
            config.logFormat().apply();
        } catch (InvalidConfigurationException e) {
            LOG.error("{}", e.getMessage());
            return new Launch(Optional.empty(), EXIT_INVALID_CONFIGURATION, e.getMessage());
        }
        try {
            return new Launch(Optional.of(start(config)), 0, "");
        } catch (Exception e) {
            String message = "Cannot start the server: " + safeCauses(e, config);
            LOG.error("{}", message);
            return new Launch(Optional.empty(), EXIT_START_FAILED, message);
        }
    }

    private void stopOnSignal() {
        LOG.info("Stopping: no new connections, finishing in-flight requests");
        int status = 0;
        try {
            close();
            LOG.info("Stopped");
        } catch (Exception e) {
            LOG.error("Stopped uncleanly: {}", safeCauses(e, config));
            status = 1;
        }
        // the asynchronous appender's queue is written out before the halt skips the other hooks
        LogFormat.flush();
        // A drained stop is a success: exit 0 rather than the JVM's 143 for SIGTERM.
        Runtime.getRuntime().halt(status);
    }

    /** The chain of exception messages with every configured credential masked, for one log line. */
    static String safeCauses(Throwable error, ServerConfiguration config) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = error; t != null && parts.size() < 5; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : ": " + t.getMessage();
            parts.add(t.getClass().getSimpleName() + message);
        }
        String text = String.join(" <- ", parts);
        for (String credential : config.credentials()) {
            text = text.replace(credential, "****");
        }
        return text;
    }
}
