package io.twingraph.nl.parse;

import java.util.List;

import io.twingraph.nl.home.Area;
import io.twingraph.nl.home.Floor;
import io.twingraph.nl.home.HomeDevice;

/** A part of a sentence that refers to something: tokens [start, end). */
sealed interface Mention {
    int start();

    int end();

    /** Devices by name; {@code alternative} is the same words read as a kind of device ("light"), or null. */
    record Name(int start, int end, List<HomeDevice> devices, String label, Vocabulary.Noun alternative) implements Mention {
    }

    record AreaRef(int start, int end, Area area) implements Mention {
    }

    record FloorRef(int start, int end, Floor floor) implements Mention {
    }

    /** A kind of device ("lights", "garage door"); plural when said in the plural. */
    record Noun(int start, int end, Vocabulary.Noun noun, boolean plural) implements Mention {
    }

    record State(int start, int end, String words, List<Vocabulary.StateWord> senses) implements Mention {
    }

    /** A number and what follows it: {@code percent}, {@code degrees}, or empty. */
    record Number(int start, int end, double value, String unit) implements Mention {
    }

    record Color(int start, int end, String color) implements Mention {
    }

    /** Any other word. */
    record Word(int start, int end, String word) implements Mention {
    }
}
