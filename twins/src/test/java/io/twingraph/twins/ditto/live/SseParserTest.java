package io.twingraph.twins.ditto.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The event-stream format as the HTML standard defines it, line by line. */
class SseParserTest {

    private static List<SseParser.Event> parse(String... lines) {
        List<SseParser.Event> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        for (String line : lines) {
            parser.line(line);
        }
        return events;
    }

    @Test
    void dataLinesAreJoinedAndAnEmptyLineDispatches() {
        List<SseParser.Event> events = parse("data:{\"a\":", "data: 1}", "", "data:second", "");
        assertEquals(2, events.size());
        assertEquals("{\"a\":\n1}", events.get(0).data(), "one leading space is dropped, lines joined by LF");
        assertEquals("message", events.get(0).type());
        assertEquals("second", events.get(1).data());
    }

    @Test
    void commentsAndHeartbeatsDispatchNothing() {
        assertEquals(List.of(), parse(":", "", ": keep-alive", "", ""));
    }

    @Test
    void idAndEventTypeAreKeptTheIdCarriesOver() {
        List<SseParser.Event> events = parse("id:ditto:device7153", "event:thing", "data:x", "", "data:y", "");
        assertEquals(new SseParser.Event("ditto:device7153", "thing", "x"), events.get(0));
        assertEquals(new SseParser.Event("ditto:device7153", "message", "y"), events.get(1), "the last id stays");
    }

    @Test
    void aFieldWithoutColonAndUnknownFieldsAreHandled() {
        List<SseParser.Event> events = parse("data", "retry:1000", "whatever:1", "", "data:  two spaces", "");
        assertEquals("", events.get(0).data(), "a lone 'data' line is an empty data line");
        assertEquals(" two spaces", events.get(1).data());
    }

    @Test
    void anUnfinishedEventIsNotDispatched() {
        assertEquals(List.of(), parse("data:half"));
    }
}
