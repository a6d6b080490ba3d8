package io.twingraph.api.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing someone did through the API.
 *
 * @param time     when the request arrived
 * @param subject  who (the token's subject, {@code anonymous}, or {@code unknown} for a refused token)
 * @param tokenId  the public id of the token used, if any
 * @param address  the client's address
 * @param method   HTTP method
 * @param path     request path (no query string: it may carry a token)
 * @param status   the response status
 * @param millis   how long it took
 * @param detail   what was done when the path does not say it (e.g. a token revoked, a subject erased), may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(Instant time, String subject, String tokenId, String address, String method, String path,
                         int status, long millis, String detail) {

    AuditEntry withSubject(String other) {
        return new AuditEntry(time, other, tokenId, address, method, path, status, millis, detail);
    }
}
