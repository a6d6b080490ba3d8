package io.twingraph.nl.link;

/**
 * A name a phrase may refer to, from {@link NameLinker#link(String, int)}.
 *
 * @param id    the {@link Named#id()} linked to
 * @param text  that id's best-matching name, as given ({@link Named#text()})
 * @param score cosine similarity of the phrase and that name, in [-1, 1]; at least {@link NameLinker#THRESHOLD}
 */
public record Candidate(String id, String text, double score) {
}
