package dev.mcpoauth.store.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClusterClient;

/**
 * A throw-away Redis Cluster of three masters (no replicas) on spare loopback ports, started
 * from the installed {@code redis-server} (override with {@code MCP_OAUTH_TEST_REDIS_SERVER}),
 * joined with {@code redis-cli --cluster create}, and stopped, with its files, on {@link #close()}.
 * Nodes can be stopped and restarted to test outages.
 */
final class LocalRedisCluster implements AutoCloseable {

    private static final int MASTERS = 3;
    private static final Duration STARTUP_BOUND = Duration.ofSeconds(60);
    /** Redis Cluster's bus listens on the client port plus this. */
    private static final int BUS_PORT_OFFSET = 10_000;

    private final Path directory;
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final Thread reaper = new Thread(this::stopProcesses, "redis-cluster-reaper");

    private final boolean durable;

    private LocalRedisCluster(Path directory, boolean durable) {
        this.directory = directory;
        this.durable = durable;
    }

    /** A cluster without persistence: a node that stops loses its data. */
    static LocalRedisCluster start() {
        return start(false);
    }

    /** A cluster whose nodes write an AOF and fsync every write, so a node survives a kill with its data. */
    static LocalRedisCluster startDurable() {
        return start(true);
    }

    private static LocalRedisCluster start(boolean durable) {
        Path directory;
        try {
            directory = Files.createTempDirectory("mcp-oauth-redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalRedisCluster cluster = new LocalRedisCluster(directory, durable);
        Runtime.getRuntime().addShutdownHook(cluster.reaper);
        try {
            cluster.startNodes();
            cluster.join();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    Set<HostAndPort> nodes() {
        Set<HostAndPort> nodes = new HashSet<>();
        ports.forEach(p -> nodes.add(new HostAndPort("127.0.0.1", p)));
        return nodes;
    }

    RedisClusterClient newClient() {
        return RedisClusterClient.builder()
                .nodes(nodes())
                .clientConfig(clientConfig())
                .build();
    }

    static JedisClientConfig clientConfig() {
        return DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2_000)
                .socketTimeoutMillis(2_000)
                .build();
    }

    private void startNodes() {
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < MASTERS; i++) {
            int port = sparePort(taken);
            taken.add(port);
            ports.add(port);
            processes.add(startNode(port));
        }
        for (int port : ports) {
            awaitCondition("redis-server on port " + port + " answers PING", () -> answers(port));
        }
    }

    /** Stops the node on {@code port} as a crash would look to its clients (its files stay). */
    synchronized void stopNode(int port) {
        Process process = processes.get(ports.indexOf(port));
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the node on {@code port} again with its cluster config; waits until the cluster is ok. */
    synchronized void restartNode(int port) {
        processes.set(ports.indexOf(port), startNode(port));
        awaitCondition("redis-server on port " + port + " answers PING", () -> answers(port));
        for (int p : ports) {
            awaitCondition("node " + p + " reports cluster_state:ok", () -> clusterOk(p));
        }
    }

    private Process startNode(int port) {
        String server = System.getenv().getOrDefault("MCP_OAUTH_TEST_REDIS_SERVER", "redis-server");
        ProcessBuilder builder = new ProcessBuilder(server,
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--cluster-enabled", "yes",
                "--cluster-config-file", directory.resolve("nodes-" + port + ".conf").toString(),
                "--cluster-node-timeout", "5000",
                "--dir", directory.toString(),
                "--save", "",
                "--appendonly", durable ? "yes" : "no",
                "--appendfsync", "always",
                "--appenddirname", "appendonly-" + port,
                "--daemonize", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis-" + port + ".log").toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + server + " for the Redis Cluster tests; install it "
                    + "(apt-get install redis-server) or set MCP_OAUTH_TEST_REDIS_SERVER", e);
        }
    }

    private void join() {
        List<String> command = new ArrayList<>(List.of(redisCli(), "--cluster", "create"));
        ports.forEach(p -> command.add("127.0.0.1:" + p));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        File log = directory.resolve("cluster-create.log").toFile();
        try {
            Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            if (!create.waitFor(STARTUP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
                create.destroyForcibly();
                throw new AssertionError("redis-cli --cluster create did not finish; see " + log);
            }
            if (create.exitValue() != 0) {
                throw new AssertionError("redis-cli --cluster create failed (" + create.exitValue() + "): "
                        + Files.readString(log.toPath()));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run redis-cli (apt-get install redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while creating the cluster", e);
        }
        for (int port : ports) {
            awaitCondition("node " + port + " reports cluster_state:ok", () -> clusterOk(port));
        }
    }

    private String redisCli() {
        String server = System.getenv().getOrDefault("MCP_OAUTH_TEST_REDIS_SERVER", "redis-server");
        Path sibling = Path.of(server).resolveSibling("redis-cli");
        return server.contains("/") && Files.isExecutable(sibling) ? sibling.toString() : "redis-cli";
    }

    static boolean answers(int port) {
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), clientConfig())) {
            return "PONG".equals(jedis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean clusterOk(int port) {
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", port), clientConfig())) {
            return jedis.clusterInfo().contains("cluster_state:ok");
        } catch (RuntimeException e) {
            return false;
        }
    }

    static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + STARTUP_BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Redis Cluster: timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** A port that is free on loopback together with its cluster-bus port. */
    static int sparePort(Set<Integer> taken) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (!taken.contains(port) && free(port) && free(port + BUS_PORT_OFFSET)) {
                return port;
            }
        }
        throw new AssertionError("no spare loopback port pair found for a Redis Cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: the processes are being stopped by it
        }
        deleteDirectory();
    }

    private synchronized void stopProcesses() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        processes.clear();
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
