/**
 * Spring Authorization Server over the mcp-oauth registry: clients registered through RFC 7591
 * (and kept in any mcp-oauth store) are served to Spring's {@code /oauth2/authorize} and
 * {@code /oauth2/token}. Start at {@link dev.mcpoauth.spring.authorizationserver.McpAuthorizationServer}.
 */
package dev.mcpoauth.spring.authorizationserver;
