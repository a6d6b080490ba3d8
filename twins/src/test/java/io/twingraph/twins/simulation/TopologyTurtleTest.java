package io.twingraph.twins.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class TopologyTurtleTest {

    @Test
    void literalsEscapeQuotesBackslashesAndControlCharacters() {
        assertThat(Turtle.literal("parents' \"big\" room\\1\n\t\u0001"))
                .isEqualTo("\"parents' \\\"big\\\" room\\\\1\\n\\t\\u0001\"");
        assertThat(Turtle.literal("Küche")).isEqualTo("\"Küche\"");
    }

    @Test
    void iriRefusesCharactersTurtleCannotCarry() {
        assertThat(Turtle.iri("https://twingraph.io/site/home1")).isEqualTo("<https://twingraph.io/site/home1>");
        assertThatThrownBy(() -> Turtle.iri("https://x/a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Turtle.iri("https://x/a>b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildingFloorsAndRoomsAreLinkedBothWaysWithLabelsAndAliases() {
        String ttl = TopologyTurtle.of(List.of("home1"));
        assertThat(ttl).startsWith("@prefix brick: <https://brickschema.org/schema/Brick#> .")
                .contains("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .");
        String building = "<https://twingraph.io/site/home1>";
        String upstairs = "<https://twingraph.io/site/home1/first-floor>";
        String bedroom = "<https://twingraph.io/site/home1/bedroom>";
        assertThat(block(ttl, building)).contains("a brick:Building", "brick:hasPart " + upstairs,
                "brick:hasPart <https://twingraph.io/site/home1/ground-floor>",
                "brick:hasPart <https://twingraph.io/site/home1/outdoor>");
        assertThat(block(ttl, upstairs)).contains("a brick:Floor", "rdfs:label \"First floor\"",
                "skos:altLabel \"upstairs\"", "brick:isPartOf " + building, "brick:hasPart " + bedroom)
                .doesNotContain("kitchen");
        assertThat(block(ttl, bedroom)).contains("a brick:Room", "skos:altLabel \"parents' bedroom\"",
                "brick:isPartOf " + upstairs);
        assertThat(block(ttl, "<https://twingraph.io/site/home1/living-room>")).contains("skos:altLabel \"lounge\"",
                "brick:isPartOf <https://twingraph.io/site/home1/ground-floor>");
        assertThat(block(ttl, "<https://twingraph.io/site/home1/outdoor>")).contains("a brick:Outdoor_Area",
                "brick:isPartOf " + building);
        assertThat(block(ttl, "<https://twingraph.io/site/home1/ground-floor>")).contains("skos:altLabel \"downstairs\"");
    }

    @Test
    void everyStatementEndsWithAFullStop() {
        String ttl = TopologyTurtle.of(List.of("home1", "home2"));
        for (String statement : ttl.split("\n\n")) {
            assertThat(statement.strip()).endsWith(" .");
        }
        assertThat(ttl).contains("<https://twingraph.io/site/home2/kids-room> a brick:Room");
    }

    /** The statement about one subject. */
    private static String block(String ttl, String subject) {
        int start = ttl.indexOf("\n" + subject + " a ");
        assertThat(start).as("statement about %s", subject).isNotNegative();
        return ttl.substring(start, ttl.indexOf(" .\n", start) + 2);
    }
}
