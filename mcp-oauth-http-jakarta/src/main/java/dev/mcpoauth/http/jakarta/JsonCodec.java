package dev.mcpoauth.http.jakarta;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mcpoauth.core.client.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON in and out, translated to and from core's {@link JsonValues} vocabulary. Nothing is
 * coerced: a JSON number stays a {@link Number}, so core refuses it where a string belongs.
 */
final class JsonCodec {

    static final int MAX_NESTING_DEPTH = 16;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonCodec() {
    }

    /** Thrown when a body is not one well-formed JSON object in UTF-8; the message is safe to send. */
    static final class MalformedJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses a request body that must be exactly one JSON object encoded in UTF-8.
     *
     * @throws MalformedJsonException for invalid UTF-8, a syntax error, a duplicate key, trailing
     *     content, nesting deeper than {@value #MAX_NESTING_DEPTH}, or a top-level non-object
     */
    static Map<String, Object> parseObject(byte[] body) throws MalformedJsonException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException("the request body is not valid UTF-8");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("the request body is not well-formed JSON: " + reason(e));
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedJsonException("the request body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) toCore(tree);
        return object;
    }

    /** Serialises a core JSON tree (maps, lists, strings, numbers, booleans, null) as UTF-8 bytes. */
    static byte[] write(Map<String, ?> object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
            writeValue(gen, object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Names the rule broken without echoing any of the body. */
    private static String reason(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        String what;
        if (e instanceof StreamConstraintsException) {
            what = "nested deeper than " + MAX_NESTING_DEPTH + " levels or over a size limit";
        } else if (message.startsWith("Duplicate field")) {
            what = "duplicate member name";
        } else if (message.startsWith("Trailing token")) {
            what = "content after the JSON value";
        } else {
            what = "syntax error";
        }
        JsonLocation at = e.getLocation();
        return at == null ? what : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static Object toCore(JsonNode node) throws MalformedJsonException {
        switch (node.getNodeType()) {
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    map.put(checkedString(field.getKey()), toCore(field.getValue()));
                }
                return map;
            }
            case ARRAY: {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(toCore(element));
                }
                return list;
            }
            case STRING:
                return checkedString(node.textValue());
            case NUMBER:
                return node.numberValue();
            case BOOLEAN:
                return node.booleanValue();
            case NULL:
                return JsonValues.NULL;
            default:
                throw new MalformedJsonException("unsupported JSON value");
        }
    }

    /** A {@code \\uD800} escape alone decodes to half a character, which no store or client can round-trip. */
    private static String checkedString(String s) throws MalformedJsonException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MalformedJsonException("the request body contains an unpaired surrogate escape");
            }
        }
        return s;
    }

    private static void writeValue(JsonGenerator gen, Object value) throws IOException {
        if (JsonValues.isNull(value)) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            gen.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger n) {
            gen.writeNumber(n);
        } else if (value instanceof BigDecimal n) {
            gen.writeNumber(n);
        } else if (value instanceof Number n) {
            gen.writeNumber(n.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                writeValue(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            gen.writeStartArray();
            for (Object element : list) {
                writeValue(gen, element);
            }
            gen.writeEndArray();
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }
}
