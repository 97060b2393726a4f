package dev.mcpoauth.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Test-only TLS material for a local HTTPS origin: a self-signed certificate for
 * {@code client.example} and {@code *.client.example} (valid for a century), its key, and a trust
 * store holding only that certificate. Never use it outside tests. How it was made:
 * {@code dev/mcpoauth/tests/tls/README.md}.
 */
public final class TestTls {

    /** The password of both stores. */
    public static final String PASSWORD = "changeit";
    /** A host name the certificate covers; any name below it is covered too. */
    public static final String HOST = "client.example";
    /** A host name the certificate does not cover. */
    public static final String OTHER_HOST = "other.example";

    private TestTls() {
    }

    /** The origin's key and certificate, PKCS#12. */
    public static KeyStore originKeyStore() {
        return load("origin-keystore.p12");
    }

    /** A trust store holding only the origin's certificate, PKCS#12. */
    public static KeyStore originTrustStore() {
        return load("origin-truststore.p12");
    }

    /** A server-side TLS context presenting the origin's certificate. */
    public static SSLContext originServerContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(originKeyStore(), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore load(String name) {
        try (InputStream in = TestTls.class.getResourceAsStream("/dev/mcpoauth/tests/tls/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource dev/mcpoauth/tests/tls/" + name);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
