package io.twingraph.api.cli;

import java.io.PrintWriter;

import io.twingraph.api.app.TwinGraphApp;

/** What a person sees when TwinGraph is up: where to go and what to try. */
final class Banner {
    private Banner() {
    }

    static void print(PrintWriter out, TwinGraphApp app) {
        String url = app.httpUrl();
        out.println();
        out.println("TwinGraph is running.");
        out.println("  Dashboard         " + url + "/   (sign in with the admin token below)");
        out.println("  SPARQL endpoint   " + url + "/sparql");
        out.println("  Things API        " + url + "/api/2/things   (search: " + url + "/api/2/search/things)");
        out.println("  Health            " + url + "/health");
        out.println("  Admin token       " + app.adminToken());
        out.println("                    (every call but /health needs a token: -H 'Authorization: Bearer <token>'; more with: ./twingraph token create --subject alice --role operator)");
        out.println("  Dead letters      " + url + "/api/dead-letters");
        out.println("  Rules             " + url + "/api/rules   (decisions: " + url + "/api/decisions)");
        out.println("  Energy plans      " + url + "/api/plans");
        out.println("  Natural language  " + url + "/api/nl   (or: ./twingraph ask \"turn on the kitchen light\")");
        if (app.ditto().isPresent()) {
            var ditto = app.ditto().get().status();
            out.println("  Twins             Eclipse Ditto at " + ditto.url() + "   (" + ditto.state() + ", " + ditto.things()
                    + " things; commands go through Ditto)");
        } else {
            out.println("  MQTT broker       " + app.mqttUri() + "   (topics: twingraph/{thingId}/telemetry ...)");
        }
        app.simulation().ifPresent(sim -> out.println("  Simulation        " + sim.describe()));
        out.println();
        out.println("Try:");
        out.println("  curl -s -H 'Authorization: Bearer " + app.adminToken() + "' " + url + "/sparql --data-urlencode 'query=SELECT ?room ?temperature WHERE { "
                + "?room a brick:Room . ?d brick:hasLocation ?room ; brick:hasPoint ?p . "
                + "?p a brick:Air_Temperature_Sensor ; brick:lastKnownValue/sosa:hasSimpleResult ?temperature }'");
        out.println("  ./twingraph query 'SELECT ?light WHERE { ?light a brick:Luminaire ; saref:hasState saref:OnState }'");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
