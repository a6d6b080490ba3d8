package io.twingraph.nl.link;

import java.util.Objects;

/**
 * One name a {@link NameLinker} can link to: a label or an alias of a thing or a room. A thing or room with several
 * names gives several entries with the same {@code id}.
 *
 * @param id   what the name stands for (a thing id, a room IRI, ...); returned in {@link Candidate#id()}
 * @param text the label or alias as people write it ("Living room light", "TV")
 */
public record Named(String id, String text) {
    public Named {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
    }
}
