/**
 * Spring Boot auto-configuration for mcp-oauth: the client registry on the store chosen by
 * {@code mcp.oauth.store}, the RFC 7591/7592 registration endpoint and RFC 8414 metadata as
 * servlets, the abuse controls (a rate limiter on the same store, the client cap, scheduled
 * reaping), event listener beans and Micrometer meters, an Actuator health contributor, and the
 * Spring Authorization Server bridge when it is on the class path. Properties: {@link dev.mcpoauth.spring.boot.McpOAuthProperties}.
 */
package dev.mcpoauth.spring.boot;
