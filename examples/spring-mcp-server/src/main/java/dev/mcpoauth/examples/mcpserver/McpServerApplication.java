package dev.mcpoauth.examples.mcpserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A Spring AI MCP server (Streamable HTTP at {@code /mcp}) that is an OAuth 2.0 protected resource
 * (<a href="https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization">MCP
 * authorization</a>): it accepts only JWT access tokens that the configured authorization server issued
 * for this server's resource URI, and tells clients where to get one through
 * <a href="https://www.rfc-editor.org/rfc/rfc9728">RFC 9728</a> protected-resource metadata.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class McpServerApplication {

    /**
     * Starts the server.
     *
     * @param args Spring Boot command-line arguments, for example {@code --server.port=8090}
     */
    public static void main(String[] args) {
        SpringApplication.run(McpServerApplication.class, args);
    }
}
