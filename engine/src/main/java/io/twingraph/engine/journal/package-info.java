/**
 * The journal: every accepted twin command, numbered and on disk before it is applied, so that after a crash the
 * engine replays what the twin store had not committed yet and ends where it would have been. Segments of
 * length + CRC32C framed records, one fsync per writer batch; segments the twin store has committed are deleted.
 */
package io.twingraph.engine.journal;
