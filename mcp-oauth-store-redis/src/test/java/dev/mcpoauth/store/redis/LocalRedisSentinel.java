package dev.mcpoauth.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;

/**
 * A throw-away Sentinel set-up on spare loopback ports: one master and one sentinel watching it
 * as {@value #MASTER_NAME}, both from the installed {@code redis-server}; stopped, with its files,
 * on {@link #close()}.
 */
final class LocalRedisSentinel implements AutoCloseable {

    static final String MASTER_NAME = "mcp-oauth-test";

    private final Path directory;
    private final List<Process> processes = new ArrayList<>();
    private int sentinelPort;

    private LocalRedisSentinel(Path directory) {
        this.directory = directory;
    }

    static LocalRedisSentinel start() {
        try {
            LocalRedisSentinel sentinel = new LocalRedisSentinel(Files.createTempDirectory("mcp-oauth-redis-sentinel-"));
            try {
                sentinel.startProcesses();
                return sentinel;
            } catch (RuntimeException | Error e) {
                sentinel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RedisSentinelClient newClient() {
        return RedisSentinelClient.builder()
                .masterName(MASTER_NAME)
                .sentinels(Set.of(new HostAndPort("127.0.0.1", sentinelPort)))
                .clientConfig(LocalRedisCluster.clientConfig())
                .sentinelClientConfig(LocalRedisCluster.clientConfig())
                .build();
    }

    private void startProcesses() throws IOException {
        String server = System.getenv().getOrDefault("MCP_OAUTH_TEST_REDIS_SERVER", "redis-server");
        Set<Integer> taken = new HashSet<>();
        int masterPort = LocalRedisCluster.sparePort(taken);
        taken.add(masterPort);
        sentinelPort = LocalRedisCluster.sparePort(taken);

        processes.add(start(List.of(server, "--port", Integer.toString(masterPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", directory.toString()), "master"));
        Path config = directory.resolve("sentinel.conf");
        Files.writeString(config, String.join("\n",
                "port " + sentinelPort,
                "bind 127.0.0.1",
                "dir " + directory,
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 1",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 5000",
                ""));
        processes.add(start(List.of(server, config.toString(), "--sentinel"), "sentinel"));

        LocalRedisCluster.awaitCondition("the master answers PING", () -> LocalRedisCluster.answers(masterPort));
        LocalRedisCluster.awaitCondition("the sentinel knows the master", () -> knowsMaster(masterPort));
    }

    private boolean knowsMaster(int masterPort) {
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", sentinelPort), LocalRedisCluster.clientConfig())) {
            return jedis.sentinelGetMasterAddrByName(MASTER_NAME).contains(Integer.toString(masterPort));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Process start(List<String> command, String name) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve(name + ".log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command.get(0) + " for the Sentinel tests; install it "
                    + "(apt-get install redis-server) or set MCP_OAUTH_TEST_REDIS_SERVER", e);
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
