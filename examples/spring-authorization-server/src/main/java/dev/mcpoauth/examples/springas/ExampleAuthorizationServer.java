package dev.mcpoauth.examples.springas;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A complete MCP authorization server: Spring Authorization Server for {@code /oauth2/authorize}
 * and {@code /oauth2/token}, mcp-oauth for RFC 7591 registration ({@code /register}) with clients
 * kept in an H2 file (or MariaDB, PostgreSQL, Redis by property), a form login with one demo user,
 * and JWT access tokens signed with a key kept beside the database.
 */
@SpringBootApplication
public class ExampleAuthorizationServer {

    public static void main(String[] args) {
        SpringApplication.run(ExampleAuthorizationServer.class, args);
    }
}
