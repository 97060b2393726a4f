package dev.mcpoauth.core.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabulary core uses for JSON values, since it has no JSON library: objects are
 * {@code Map<String, Object>}, arrays {@code List<Object>}, and scalars {@code String},
 * {@code Number}, {@code Boolean} or {@link #NULL}. A JSON binding converts its tree to these.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8259">RFC 8259, JSON</a>
 */
public final class JsonValues {

    /** JSON {@code null} inside a tree (a Java {@code null} is also accepted as JSON null). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private JsonValues() {
    }

    /** True for JSON null, whichever way it is spelled. */
    public static boolean isNull(Object value) {
        return value == null || value == NULL;
    }

    /**
     * One representation per numeric value, so trees compare equal whatever parsed them:
     * integers that fit become {@code Long}, other integers {@code BigInteger}, the rest
     * {@code BigDecimal} without trailing zeros.
     */
    public static Number normalizeNumber(Number number) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Number) big.longValue() : big;
        }
        BigDecimal decimal = number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
        try {
            return normalizeNumber(decimal.toBigIntegerExact());
        } catch (ArithmeticException notIntegral) {
            return decimal.stripTrailingZeros();
        }
    }

    /** A deep, unmodifiable copy of a JSON object tree. */
    public static Map<String, Object> immutableObject(Map<String, ?> object) {
        Map<String, Object> copy = new LinkedHashMap<>();
        object.forEach((k, v) -> copy.put(k, immutableValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object immutableValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), immutableValue(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(immutableValue(v)));
            return Collections.unmodifiableList(copy);
        }
        if (value == null) {
            return NULL;
        }
        if (value instanceof Number number) {
            return normalizeNumber(number);
        }
        if (value instanceof String || value instanceof Boolean || value == NULL) {
            return value;
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
}
