package dev.mcpoauth.store.redis;

import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
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
