/**
 * Privacy: what TwinGraph holds about a person, exported as one document and erased on request, so that nothing a
 * person owns is kept against their will.
 *
 * <p>A person is a token's subject ({@code alice}). What TwinGraph holds about them, concretely:
 * <ul>
 * <li><b>tokens</b>: their records in {@code access/tokens.json} (id, roles, times, note; the hash is not exported);</li>
 * <li><b>policies</b>: policy entries whose subjects include {@code tg:<subject>}, and their twins' own policies;</li>
 * <li><b>things</b> (presence): every twin whose attribute {@code person} or {@code owner} is the subject or
 * {@code tg:<subject>}, e.g. a phone tracked for presence, {@code home1:presence-alice}; with it its live graph
 * triples, the graph statements naming it elsewhere (topology, plans), refused device input naming it
 * (dead letters) and its journal entries;</li>
 * <li><b>requests</b> (commands they gave): their entries in the audit log (method, path, status, time). Twin changes
 * are journaled with source {@code api} and no subject: the audit log is the one record of who did what;</li>
 * <li><b>transcripts</b>: what they said to {@code /api/nl} and what TwinGraph answered and did, one JSON line per
 * exchange in {@code privacy/transcripts/<subject>.jsonl};</li>
 * <li><b>goals</b> they set: source {@code tg:<subject>} through {@code /api/goals}, or {@code conversation <id>}
 * for a conversation in their transcripts;</li>
 * <li><b>decisions</b>: the decisions graph's records that pursued their goals (a matched fact {@code Goal ...,
 * set by <source>}), or used or targeted their things.</li>
 * </ul>
 * Not attributed to anyone, so not part of it: energy plans (the audit log has who asked for one), twins they changed
 * that are not theirs (the change stays, the audit entry is pseudonymised), and logs written to the console.
 *
 * <p>Erasure deletes their things through the engine; removes their tokens, their subject from policies (and their
 * things' own policies), their goals, transcripts, decisions, graph statements and dead letters; replaces their
 * subject, their things' ids and the ids of goals they set through the API with one random pseudonym in the audit
 * log; replaces their things' journal entries with placeholders; and then compacts the twin store and the graph so
 * that the deleted bytes are gone from those files too. The erasure itself is audited under the pseudonym.
 */
package io.twingraph.api.privacy;
