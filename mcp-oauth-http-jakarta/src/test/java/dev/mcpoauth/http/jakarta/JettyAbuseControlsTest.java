package dev.mcpoauth.http.jakarta;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Abuse controls over HTTP in embedded Jetty 12")
class JettyAbuseControlsTest extends AbuseControlsSuite {

    @Override
    ServletContainer newContainer() {
        return new JettyContainer();
    }
}
