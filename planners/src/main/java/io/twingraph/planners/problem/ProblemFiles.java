package io.twingraph.planners.problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.twingraph.error.TwinGraphException;

/**
 * Reads and writes the JSON problem file ({@link EnergyProblem}), and is the planner module's one Jackson mapper
 * (plans are written with it too). Unknown fields are refused, so a misspelt field is an error rather than ignored.
 */
public final class ProblemFiles {
    /** The planner's JSON mapper: ISO-8601 instants, unknown properties refused. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ProblemFiles() {
    }

    /** Reads a problem file; a file that is missing or not a valid problem is a {@link TwinGraphException}. */
    public static EnergyProblem read(Path file) {
        if (!Files.isReadable(file)) {
            throw new TwinGraphException("plans:file.notfound", TwinGraphException.Kind.NOT_FOUND,
                    "Cannot read the problem file " + file, "Give the path of a JSON problem file.");
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new TwinGraphException("plans:file.unreadable", TwinGraphException.Kind.INVALID,
                    "Cannot read " + file + ": " + e.getMessage(), null, e);
        }
    }

    /** Parses problem JSON. */
    public static EnergyProblem parse(String json) {
        try {
            return MAPPER.readValue(json, EnergyProblem.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TwinGraphException t) {
                throw t;
            }
            throw new TwinGraphException("plans:problem.invalid", TwinGraphException.Kind.INVALID,
                    "Invalid energy problem JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"),
                    "See the problem format in the planners README.", e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
