package dev.mcpoauth.http.jakarta;

import org.junit.jupiter.api.DisplayName;

@DisplayName("HTTP binding in embedded Jetty 12")
class JettyHttpBindingTest extends HttpBindingSuite {

    @Override
    ServletContainer newContainer() {
        return new JettyContainer();
    }
}
