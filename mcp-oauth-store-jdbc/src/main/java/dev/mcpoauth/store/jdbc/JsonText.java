package dev.mcpoauth.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpoauth.core.client.JsonValues;
import dev.mcpoauth.core.registry.ClientRegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON text kept in list, JWK Set and localized-value columns. */
final class JsonText {

    // decimals read back exactly, not through double
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };

    private JsonText() {
    }

    static String ofList(List<String> values) {
        return write(values);
    }

    static List<String> toList(String json, String column) {
        return read(json, STRING_LIST, column);
    }

    static String ofStringMap(Map<String, String> values) {
        return write(values);
    }

    static Map<String, String> toStringMap(String json, String column) {
        return read(json, STRING_MAP, column);
    }

    /** A JSON object tree in core's vocabulary, where {@link JsonValues#NULL} is JSON null. */
    static String ofObject(Map<String, Object> object) {
        return write(jacksonValue(object));
    }

    static Map<String, Object> toObject(String json, String column) {
        JsonNode node = read(json, new TypeReference<JsonNode>() { }, column);
        if (!node.isObject()) {
            throw new ClientRegistryException("column " + column + " does not hold a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) coreValue(node);
        return object;
    }

    private static Object jacksonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), jacksonValue(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(jacksonValue(v)));
            return copy;
        }
        return JsonValues.isNull(value) ? null : value;
    }

    private static Object coreValue(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                object.put(property.getKey(), coreValue(property.getValue()));
            }
            return object;
        }
        if (node.isArray()) {
            List<Object> array = new ArrayList<>(node.size());
            node.forEach(element -> array.add(coreValue(element)));
            return array;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        return JsonValues.NULL;
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type, String column) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            // the stored text is corrupt: an infrastructure fault, not the caller's
            throw new ClientRegistryException("column " + column + " does not hold valid JSON", e);
        }
    }
}
