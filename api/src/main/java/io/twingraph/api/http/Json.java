package io.twingraph.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.twingraph.error.TwinGraphException;

/**
 * The one JSON mapper of TwinGraph's own HTTP payloads (records in, records out). Twins themselves are Ditto JSON and
 * go through Ditto's {@code ditto-json}.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    /**
     * Reads a request body.
     *
     * @throws TwinGraphException {@code http:body.invalid} (400) naming what is wrong and where
     */
    public static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new TwinGraphException("http:body.missing", TwinGraphException.Kind.INVALID,
                    "The request has no body.", "Send a JSON body.");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TwinGraphException("http:body.invalid", TwinGraphException.Kind.INVALID,
                    "The body is not what was expected: " + e.getOriginalMessage()
                            + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"), "Fix the JSON and send it again.");
        }
    }
}
