package dev.mcpoauth.http.jakarta;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Abuse controls over HTTP in embedded Tomcat 11")
class TomcatAbuseControlsTest extends AbuseControlsSuite {

    @Override
    ServletContainer newContainer() {
        return new TomcatContainer();
    }
}
