package dev.mcpoauth.http.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The case runner refuses a file it would misread, instead of letting a misspelt expectation pass. */
@DisplayName("HttpCases")
class HttpCasesTest {

    private static final String REQUEST = "{\"method\":\"GET\",\"path\":\"/register\",\"headers\":[]}";

    private static JsonNode file(String request, String expect) throws Exception {
        return HttpCases.JSON.readTree("{\"about\":\"x\",\"cases\":[{\"name\":\"the case\",\"request\":" + request
                + ",\"expect\":" + expect + "}]}");
    }

    @Test
    @DisplayName("reads a well-formed case")
    void readsAWellFormedCase() throws Exception {
        assertThat(HttpCases.parse(file(REQUEST, "{\"status\":405,\"json\":{\"/error\":\"invalid_request\"}}")))
                .singleElement().satisfies(c -> {
                    assertThat(c.name()).isEqualTo("the case");
                    assertThat(c.expect().get("status").asInt()).isEqualTo(405);
                });
    }

    @Test
    @DisplayName("a misspelt expectation fails the run, naming the case and the member")
    void misspeltExpectationFails() throws Exception {
        assertThatThrownBy(() -> HttpCases.parse(file(REQUEST, "{\"status\":405,\"jsonAbsnet\":[\"/x\"]}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the case").hasMessageContaining("'jsonAbsnet'").hasMessageContaining("expect");
    }

    @Test
    @DisplayName("a misspelt request member fails the run")
    void misspeltRequestMemberFails() throws Exception {
        assertThatThrownBy(() -> HttpCases.parse(file(
                "{\"method\":\"POST\",\"path\":\"/register\",\"headers\":[],\"jsn\":{}}", "{\"status\":400}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'jsn'")
                .hasMessageContaining("request");
    }

    @Test
    @DisplayName("an unknown member of a case or of its precondition fails the run")
    void unknownCaseOrGivenMemberFails() throws Exception {
        assertThatThrownBy(() -> HttpCases.parse(HttpCases.JSON.readTree("{\"cases\":[{\"name\":\"n\",\"request\":"
                + REQUEST + ",\"expect\":{\"status\":200},\"expected\":{}}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'expected'");
        assertThatThrownBy(() -> HttpCases.parse(HttpCases.JSON.readTree("{\"cases\":[{\"name\":\"n\",\"given\":"
                + "{\"registerdAt\":\"/register\"},\"request\":" + REQUEST + ",\"expect\":{\"status\":200}}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'registerdAt'");
    }

    @Test
    @DisplayName("a missing status and a JSON pointer without its leading slash fail the run")
    void missingStatusOrBadPointerFails() throws Exception {
        assertThatThrownBy(() -> HttpCases.parse(file(REQUEST, "{\"json\":{\"/error\":\"x\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> HttpCases.parse(file(REQUEST, "{\"status\":400,\"json\":{\"error\":\"x\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'error'")
                .hasMessageContaining("JSON pointer");
    }

    @Test
    @DisplayName("an expectation of the wrong shape (a string where a list belongs) fails the run")
    void wrongShapeFails() throws Exception {
        assertThatThrownBy(() -> HttpCases.parse(file(REQUEST, "{\"status\":400,\"jsonAbsent\":\"/x\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jsonAbsent")
                .hasMessageContaining("array");
        assertThatThrownBy(() -> HttpCases.parse(file(REQUEST, "{\"status\":400,\"headers\":[\"Allow\"]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headers")
                .hasMessageContaining("object");
    }

    @Test
    @DisplayName("the repository's own file passes these checks")
    void repositoryFileIsWellFormed() {
        assertThat(HttpCases.load()).hasSizeGreaterThan(100);
    }
}
