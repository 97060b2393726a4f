package dev.mcpoauth.examples.mcpserver;

import org.springframework.ai.mcp.annotation.McpTool;
import org.springframework.ai.mcp.annotation.McpToolParam;
import org.springframework.stereotype.Component;

/** The example's MCP tool: arithmetic a client can check, so a test knows the call really ran. */
@Component
public class Calculator {

    /**
     * Adds two integers.
     *
     * @param a the first addend
     * @param b the second addend
     * @return {@code a + b}
     * @throws ArithmeticException if the sum does not fit in a {@code long}
     */
    @McpTool(name = "add", description = "Adds two integers and returns their sum")
    public long add(@McpToolParam(description = "the first addend") long a,
            @McpToolParam(description = "the second addend") long b) {
        return Math.addExact(a, b);
    }
}
