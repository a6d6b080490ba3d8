package io.twingraph.nl.parse;

import java.util.List;

import io.twingraph.nl.Interpretation;
import io.twingraph.nl.home.HomeDevice;

/**
 * What the local parser made of a sentence.
 *
 * @param interpretation the meaning, with its confidence
 * @param ambiguous      when a name fits several devices equally and the request needs one: the candidates
 * @param unknownWords   content words that matched nothing (a name the home does not know, perhaps)
 */
public record Parse(Interpretation interpretation, List<HomeDevice> ambiguous, List<String> unknownWords) {
    public Parse {
        ambiguous = List.copyOf(ambiguous);
        unknownWords = List.copyOf(unknownWords);
    }
}
