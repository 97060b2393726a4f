package dev.mcpoauth.store.redis.fake;

/** Stands in for a class of another adapter. */
public class RedisThing {
}
