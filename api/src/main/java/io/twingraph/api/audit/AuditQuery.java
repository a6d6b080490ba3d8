package io.twingraph.api.audit;

import java.time.Instant;

/**
 * Which audit entries to return; null fields match everything.
 *
 * @param subject exact subject
 * @param since   entries at or after
 * @param until   entries before
 * @param method  exact HTTP method
 * @param path    path prefix
 * @param limit   most entries to return (the newest ones)
 */
public record AuditQuery(String subject, Instant since, Instant until, String method, String path, int limit) {

    boolean matches(AuditEntry e) {
        return (subject == null || subject.equals(e.subject()))
                && (since == null || !e.time().isBefore(since))
                && (until == null || e.time().isBefore(until))
                && (method == null || method.equalsIgnoreCase(e.method()))
                && (path == null || e.path().startsWith(path));
    }
}
