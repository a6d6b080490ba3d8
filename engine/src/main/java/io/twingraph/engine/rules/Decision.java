package io.twingraph.engine.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a rule decided, why, and on what evidence: a device command, an alert or an anomaly, or a rule that failed.
 * The id is derived from the package version, the rule and the matched facts, so the same firing (for instance when
 * the journal is replayed after a crash) always has the same id and is never acted on twice.
 *
 * @param id       stable id, hex
 * @param pkg      the rule package
 * @param version  the package version that decided
 * @param rule     the rule's name
 * @param time     when it fired (rule clock: event time)
 * @param kind     what it does
 * @param reason   a sentence for people, given by the rule
 * @param matched  the facts the rule matched, one readable line each
 * @param devices  thing ids among the matched facts
 * @param command  for {@link Kind#COMMAND}: the command; else null
 * @param severity for {@link Kind#ALERT}: {@code info}, {@code warning} or {@code critical}; else null
 * @param status   what became of it
 * @param detail   what was seen: the device's confirmation, the error of a failed rule...
 */
public record Decision(String id, String pkg, int version, String rule, Instant time, Kind kind, String reason,
                       List<String> matched, List<String> devices, Command command, String severity, Status status,
                       String detail) {

    /** What a decision does. */
    public enum Kind {
        COMMAND, ALERT, ANOMALY, RULE_FAILED
    }

    /** What became of a decision. */
    public enum Status {
        /** Found in a dry run; nothing was done. */
        DRY_RUN,
        /** Recorded; a command was sent and its confirmation is awaited. */
        SENT,
        /** The device reported the commanded value. */
        CONFIRMED,
        /** The device did not report the commanded value in time. */
        NOT_CONFIRMED,
        /** The command could not be sent, or the rule failed. */
        FAILED,
        /** Alerts and anomalies: recorded, nothing to confirm. */
        RECORDED
    }

    /**
     * A device command decided by a rule.
     *
     * @param thingId the thing
     * @param path    {@code /features/{feature}/properties/{path}}
     * @param value   the desired value as JSON text
     */
    public record Command(String thingId, String path, String value) {
        public Command {
            Objects.requireNonNull(thingId, "thingId");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
        }
    }

    public Decision {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pkg, "pkg");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        matched = List.copyOf(matched);
        devices = List.copyOf(devices);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** The same decision with another status. */
    public Decision withStatus(Status newStatus, String newDetail) {
        return new Decision(id, pkg, version, rule, time, kind, reason, matched, devices, command, severity, newStatus,
                newDetail);
    }
}
