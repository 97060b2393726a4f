package dev.mcpoauth.http.jakarta;

import org.junit.jupiter.api.DisplayName;

@DisplayName("HTTP binding in embedded Tomcat 11")
class TomcatHttpBindingTest extends HttpBindingSuite {

    @Override
    ServletContainer newContainer() {
        return new TomcatContainer();
    }
}
