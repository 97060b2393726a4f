package dev.mcpoauth.examples.mcpserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An issuer on a real socket for the resource-server tests: RFC 8414 metadata and a JWKS, and tokens
 * signed with its key (or, to test refusal, another key). The MCP server discovers it exactly as it
 * discovers the example authorization server; the end-to-end tests use that server itself.
 */
final class TestIssuer implements AutoCloseable {

    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey strangerKey;
    private final String issuer;

    private TestIssuer(HttpServer server, RSAKey key, RSAKey strangerKey) {
        this.server = server;
        this.key = key;
        this.strangerKey = strangerKey;
        this.issuer = "http://localhost:" + server.getAddress().getPort();
    }

    static TestIssuer start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
            RSAKey strangerKey = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestIssuer issuer = new TestIssuer(server, key, strangerKey);
            server.createContext("/.well-known/oauth-authorization-server", exchange -> respond(exchange, 200,
                    "{\"issuer\":\"" + issuer.issuer + "\",\"jwks_uri\":\"" + issuer.issuer + "/jwks\","
                            + "\"authorization_endpoint\":\"" + issuer.issuer + "/authorize\","
                            + "\"token_endpoint\":\"" + issuer.issuer + "/token\","
                            + "\"response_types_supported\":[\"code\"]}"));
            server.createContext("/jwks", exchange -> respond(exchange, 200, new JWKSet(key.toPublicJWK()).toString()));
            server.createContext("/", exchange -> respond(exchange, 404, "{}"));
            server.start();
            return issuer;
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException("cannot start the test issuer", e);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String json)
            throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    String issuer() {
        return issuer;
    }

    /** Claims of a token this issuer would issue for {@code audience} with {@code scope}, valid for 5 minutes. */
    JWTClaimsSet.Builder claims(String audience, String scope) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("demo")
                .audience(List.of(audience))
                .claim("scope", scope)
                .claim("client_id", "client-" + UUID.randomUUID())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** A compact JWS of the claims signed with this issuer's published key. */
    String sign(JWTClaimsSet claims) {
        return sign(claims, key);
    }

    /** The same, signed with a key that has the published key's id but is not the published key. */
    String signWithStrangerKey(JWTClaimsSet claims) {
        return sign(claims, strangerKey);
    }

    private static String sign(JWTClaimsSet claims, RSAKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
