package io.twingraph.twins.ditto.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.twingraph.error.TwinGraphException;

class DittoSettingsTest {

    @Test
    void parsesTheTwinsOption() {
        assertEquals("https://ditto.example.com:8443/ditto/api/2",
                DittoSettings.parse("ditto:https://ditto.example.com:8443/ditto/").apiRoot());
        assertEquals("http://localhost:8080/api/2", DittoSettings.parse("http://localhost:8080").apiRoot());
        assertEquals("http://localhost:8080/api/2", DittoSettings.parse("ditto:http://localhost:8080/api/2").apiRoot());
        DittoSettings d = DittoSettings.parse("ditto:https://h");
        assertEquals(DittoSettings.MAX_PAGE_SIZE, d.pageSize());
        assertEquals(DittoSettings.CommandMode.TWIN, d.commandMode());
        assertEquals(DittoSettings.Auth.NONE, d.auth());
    }

    @Test
    void refusesWhatIsNoDittoAddressAndCredentialsInTheUrl() {
        for (String bad : new String[] {"ditto:", "ditto:ftp://h", "ditto:h:8080", "ditto:https://h?x=1"}) {
            TwinGraphException e = assertThrows(TwinGraphException.class, () -> DittoSettings.parse(bad), bad);
            assertEquals("ditto:config.invalid", e.code());
        }
        TwinGraphException secret = assertThrows(TwinGraphException.class,
                () -> DittoSettings.parse("ditto:https://ditto:s3cret@h"));
        assertFalse(secret.getMessage().contains("s3cret"));
    }

    @Test
    void checksTheFilterWithDittosRqlParserAndThePageSize() {
        DittoSettings d = DittoSettings.parse("ditto:http://h");
        assertEquals("eq(attributes/site,\"home\")", d.withFilter(" eq(attributes/site,\"home\") ").filter());
        assertEquals(null, d.withFilter("  ").filter());
        assertThrows(TwinGraphException.class, () -> d.withFilter("eq(attributes/site"));
        assertThrows(TwinGraphException.class, () -> d.withPageSize(201));
        assertThrows(TwinGraphException.class, () -> d.withPageSize(0));
    }

    @Test
    void credentialsMakeTheHeaderAndAreNeverPrinted() {
        DittoSettings.Auth basic = DittoSettings.Auth.basic("ditto", "s3cret");
        assertEquals(Optional.of("Basic ZGl0dG86czNjcmV0"), basic.header());
        assertEquals(Optional.of("Bearer tok"), DittoSettings.Auth.bearer("tok").header());
        assertEquals(Optional.empty(), DittoSettings.Auth.NONE.header());
        String printed = DittoSettings.parse("ditto:http://h").withAuth(basic).toString() + basic
                + DittoSettings.Auth.bearer("tok");
        assertFalse(printed.contains("s3cret") || printed.contains("tok,") || printed.endsWith("tok"), printed);
        assertTrue(printed.contains("basic (ditto)"));
        assertThrows(IllegalArgumentException.class, () -> new DittoSettings.Auth("u", "p", "t"));
    }
}
