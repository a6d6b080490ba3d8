package io.twingraph.nl.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What is embedded for a name or phrase ({@link Wording}). */
class NameLinkerWordingTest {

    @Test
    void lowerCaseSingleSpaces() {
        assertThat(Wording.normalise("  Living   Room\tLight ")).isEqualTo("living room light");
        assertThat(Wording.normalise(null)).isEmpty();
        assertThat(Wording.normalise(" \n ")).isEmpty();
    }

    @Test
    void abbreviationsAndColloquialWords() {
        assertThat(Wording.normalise("TV")).isEqualTo("television");
        assertThat(Wording.normalise("the Telly")).isEqualTo("the television");
        assertThat(Wording.normalise("T.V.")).isEqualTo("television");
        assertThat(Wording.normalise("fridge")).isEqualTo("refrigerator");
        assertThat(Wording.normalise("lamp in the lounge")).isEqualTo("light in the living room");
        assertThat(Wording.normalise("sitting room lamps")).isEqualTo("living room lights");
        assertThat(Wording.normalise("A/C")).isEqualTo("air conditioner");
        assertThat(Wording.normalise("AC")).isEqualTo("air conditioner");
    }

    @Test
    void wholeWordsOnly() {
        assertThat(Wording.normalise("telephone")).isEqualTo("telephone");
        assertThat(Wording.normalise("lampshade")).isEqualTo("lampshade");
        assertThat(Wording.normalise("actor")).isEqualTo("actor");
        assertThat(Wording.normalise("tv2")).isEqualTo("tv2");
    }
}
