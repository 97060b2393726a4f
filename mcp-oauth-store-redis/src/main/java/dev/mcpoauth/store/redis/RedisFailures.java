package dev.mcpoauth.store.redis;

import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Turns a Jedis failure into the port's two tiers: unavailable (retry later) or broken. */
final class RedisFailures {

    /** Error replies that mean "not now": a node is down, loading, failing over or busy. */
    private static final List<String> TRANSIENT_REPLIES =
            List.of("CLUSTERDOWN", "LOADING", "MASTERDOWN", "TRYAGAIN", "READONLY", "NOREPLICAS", "BUSY");

    private RedisFailures() {
    }

    /** The message names the operation and the Jedis exception type only; the cause keeps the rest. */
    static ClientRegistryException translate(String operation, RuntimeException e) {
        if (e instanceof ClientRegistryException alreadyTranslated) {
            return alreadyTranslated;
        }
        String message = "Redis " + operation + " failed: " + e.getClass().getSimpleName();
        if (isUnavailable(e)) {
            return new ClientRegistryUnavailableException(message, e);
        }
        return new ClientRegistryException(message, e);
    }

    /**
     * After a failed connection, the pool's idle connections are most likely dead as well (Redis
     * restarted, or the network between dropped them): they are closed, so that the first command
     * after the outage opens a fresh connection instead of failing on a stale one. Only for a pooled
     * single-node client; a cluster client manages its nodes' pools itself.
     */
    static void dropIdleConnectionsAfter(Throwable e, UnifiedJedis jedis) {
        if (jedis instanceof RedisClient pooled && connectionFailed(e)) {
            pooled.getPool().clear();
        }
    }

    private static boolean connectionFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JedisConnectionException && !(t.getCause() instanceof NoSuchElementException)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether Redis (or Jedis, before sending) refused a command because its keys are in
     * different Cluster slots; nothing ran.
     */
    static boolean isCrossSlot(Throwable e) {
        String message = e == null || e.getMessage() == null ? "" : e.getMessage();
        return e instanceof JedisDataException && message.startsWith("CROSSSLOT")
                || e instanceof JedisClusterOperationException && message.contains("slot");
    }

    static boolean isUnavailable(Throwable e) {
        if (e instanceof JedisConnectionException
                || e instanceof JedisClusterOperationException
                || e instanceof JedisBusyException) {
            return true;
        }
        if (e instanceof JedisDataException && e.getMessage() != null) {
            for (String reply : TRANSIENT_REPLIES) {
                if (e.getMessage().startsWith(reply)) {
                    return true;
                }
            }
        }
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            // pool exhausted (NoSuchElementException), socket timeouts and refusals (IOException)
            if (cause instanceof NoSuchElementException || cause instanceof IOException
                    || cause instanceof JedisConnectionException) {
                return true;
            }
        }
        return false;
    }
}
