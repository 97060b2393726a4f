package dev.mcpoauth.store.jdbc.fake;

/** A deliberate violation: an adapter class that uses another adapter. */
public class UsesRedisAdapter {
    public Object other() {
        return new dev.mcpoauth.store.redis.fake.RedisThing();
    }
}
