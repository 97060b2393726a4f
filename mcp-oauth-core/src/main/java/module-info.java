/**
 * mcp-oauth core: the client model, the RFC 7591/7592 use cases, the {@code ClientRegistry}
 * port and an in-memory registry, and the Client ID Metadata Document resolution with its
 * outbound fetch port. Depends on nothing but the JDK.
 */
module dev.mcpoauth.core {
    exports dev.mcpoauth.core.cimd;
    exports dev.mcpoauth.core.client;
    exports dev.mcpoauth.core.event;
    exports dev.mcpoauth.core.ratelimit;
    exports dev.mcpoauth.core.registry;
    exports dev.mcpoauth.core.registration;
}
