package io.twingraph.api.access;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.javalin.security.RouteRole;

/**
 * What a token may do. Every route declares the one role it needs (see {@link io.twingraph.api.http.RouteGroup}); a
 * route without a role fails the server's start. Roles do not form a ladder: an operator may command devices but not
 * edit rules. Every role includes {@link #READER}, and {@link #ADMIN} includes every role.
 */
public enum Role implements RouteRole {
    /** Anyone, with or without a token: health probes, the dashboard's static files. */
    PUBLIC,
    /** SPARQL queries, reading twins, decisions, plans and rules. */
    READER,
    /** Commands to devices, twin changes, natural language, goals. */
    OPERATOR,
    /** Rule packages: upload, dry run, activate, roll back. */
    AUTHOR,
    /** Energy plans: create, execute, tariffs. */
    PLANNER,
    /** Tokens, policies, imports, SPARQL Update, the audit log, privacy export and erasure. */
    ADMIN;

    /** The role's name as tokens and the CLI spell it ({@code reader}, {@code operator}...). */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a name as the CLI spells it; case-insensitive. */
    @JsonCreator
    public static Role of(String id) {
        for (Role r : values()) {
            if (r != PUBLIC && r.id().equalsIgnoreCase(id.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + id + "': use reader, operator, author, planner or admin");
    }
}
