package dev.mcpoauth.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mcp.oauth.store.redis.*}: the Redis store. Used only when the application has no
 * {@code UnifiedJedis} bean of its own.
 */
@ConfigurationProperties(prefix = "mcp.oauth.store.redis")
public class RedisStoreProperties {

    /** redis:// or rediss:// URL, with user, password and database index if needed. */
    private String url = "redis://127.0.0.1:6379";

    /** Prefix of every key the store writes. */
    private String keyPrefix = "mcp-oauth:";

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }
}
