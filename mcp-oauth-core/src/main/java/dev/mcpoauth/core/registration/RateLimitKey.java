package dev.mcpoauth.core.registration;

/** What a registration attempt is counted against by the rate limiter (DESIGN §10). */
public enum RateLimitKey {
    /** The client address the HTTP binding resolved (IPv6 grouped by /64). */
    ADDRESS,
    /**
     * The initial access token, when the request presented a valid one (by its digest, never
     * the token itself); otherwise the address. For deployments where one token is handed to
     * each tenant and many tenants share an egress address.
     */
    TOKEN
}
