package io.twingraph.planners.problem;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.rdf.model.RDFNode;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Namespaces;

/**
 * Reads a planning problem from the knowledge graph, for a horizon the caller gives:
 * <ul>
 * <li>battery: a twin of class {@code brick:Battery} with attributes {@code capacityKwh}, {@code maxPowerW} and a
 * {@code battery/soc} point (%), commanded through {@code /features/battery/properties/mode};</li>
 * <li>EV: a twin of class {@code brick:Electric_Vehicle_Charging_Station} with attributes {@code maxPowerW},
 * {@code carCapacityKwh} and points {@code charger/plugged} and {@code charger/soc}: when a car is plugged in below
 * the target charge it needs {@code (target - soc) * capacity} by its departure; commanded through
 * {@code /features/charger/properties/charging};</li>
 * <li>flexible loads: {@code tg:FlexibleLoad} resources ({@code tg:forDevice}, {@code tg:powerW},
 * {@code tg:durationMinutes} or {@code tg:energyKwh}, {@code tg:earliestStart}, {@code tg:deadline},
 * {@code tg:interruptible}, {@code tg:optional}, {@code tg:valuePerRun}, {@code tg:controlPath}, default
 * {@code /features/switch/properties/on});</li>
 * <li>tariff: {@code tg:TariffSlot} resources ({@code tg:slotStart}, {@code tg:slotEnd}, {@code tg:importPrice},
 * {@code tg:exportPrice}, {@code tg:co2Intensity}), unless the caller gives prices;</li>
 * <li>PV forecast, unless given: a naive clear-sky bell from 06:00 to 20:00 UTC scaled to the
 * {@code brick:Photovoltaic_Inverter}'s {@code peakPowerW} attribute; base load, unless given: constant, the grid
 * meter's import plus PV less battery and charger power now.</li>
 * </ul>
 */
public final class GraphProblemReader {
    private static final String THINGS = Namespaces.sparqlPrologue() + """
            SELECT ?thing ?id ?class ?attrs ?feature ?path ?value WHERE {
              ?thing tg:thingId ?id ; a ?class .
              FILTER(?class IN (brick:Battery, brick:Electric_Vehicle_Charging_Station, brick:Photovoltaic_Inverter,
                                brick:Building_Electrical_Meter))
              OPTIONAL { ?thing tg:attributes ?attrs }
              OPTIONAL { ?thing brick:hasPoint ?p . ?p tg:ofFeature/tg:featureId ?feature ; tg:propertyPath ?path ;
                         brick:lastKnownValue/sosa:hasSimpleResult ?value .
                         FILTER NOT EXISTS { ?p tg:desired true } }
            }""";
    private static final String LOADS = Namespaces.sparqlPrologue() + """
            SELECT ?load ?device ?id ?name ?power ?duration ?energy ?earliest ?deadline ?interruptible ?optional ?value ?path
            WHERE {
              ?load a tg:FlexibleLoad .
              OPTIONAL { ?load tg:forDevice ?device . OPTIONAL { ?device tg:thingId ?id } }
              OPTIONAL { ?load rdfs:label ?name }
              OPTIONAL { ?load tg:powerW ?power } OPTIONAL { ?load tg:durationMinutes ?duration }
              OPTIONAL { ?load tg:energyKwh ?energy } OPTIONAL { ?load tg:earliestStart ?earliest }
              OPTIONAL { ?load tg:deadline ?deadline } OPTIONAL { ?load tg:interruptible ?interruptible }
              OPTIONAL { ?load tg:optional ?optional } OPTIONAL { ?load tg:valuePerRun ?value }
              OPTIONAL { ?load tg:controlPath ?path }
            } ORDER BY ?load""";
    private static final String TARIFF = Namespaces.sparqlPrologue() + """
            SELECT ?start ?end ?import ?export ?co2 WHERE {
              ?slot a tg:TariffSlot ; tg:slotStart ?start ; tg:slotEnd ?end .
              OPTIONAL { ?slot tg:importPrice ?import } OPTIONAL { ?slot tg:exportPrice ?export }
              OPTIONAL { ?slot tg:co2Intensity ?co2 }
            } ORDER BY ?start""";

    /**
     * What the caller states; everything null is read from the graph or defaulted.
     *
     * @param evTargetSocPercent charge the car should have at departure (default 80)
     * @param evDeparture        when the car leaves (default: the end of the horizon)
     */
    public record Request(Instant start, int slotMinutes, int slots, EnergyProblem.Objective objective,
                          List<Double> importPrice, List<Double> exportPrice, List<Double> co2, List<Double> pvW,
                          List<Double> baseLoadW, Double gridLimitW, List<EnergyProblem.Load> loads,
                          Double evTargetSocPercent, Instant evDeparture) {
    }

    /** A twin the reader found: class local name, attributes and current values by "feature/path". */
    private record Twin(String id, String brickClass, JsonNode attributes, Map<String, RDFNode> values) {
        Optional<Double> number(String key) {
            RDFNode n = values.get(key);
            return n != null && n.isLiteral() && n.asLiteral().getValue() instanceof Number num
                    ? Optional.of(num.doubleValue()) : Optional.empty();
        }

        boolean flag(String key) {
            RDFNode n = values.get(key);
            return n != null && n.isLiteral() && "true".equals(n.asLiteral().getLexicalForm());
        }

        double attribute(String name, double fallback) {
            return attributes != null && attributes.has(name) ? attributes.get(name).asDouble() : fallback;
        }
    }

    private GraphProblemReader() {
    }

    public static EnergyProblem read(KnowledgeGraph graph, Request r) {
        List<Twin> twins = twins(graph);
        Instant end = r.start().plus(Duration.ofMinutes((long) r.slotMinutes() * r.slots()));
        List<Double> importPrice = r.importPrice();
        List<Double> exportPrice = r.exportPrice();
        List<Double> co2 = r.co2();
        if (importPrice == null || importPrice.isEmpty()) {
            List<Double[]> tariff = tariff(graph, r);
            if (tariff.isEmpty()) {
                throw new TwinGraphException("plans:tariff.missing", TwinGraphException.Kind.INVALID,
                        "No tariff: the request has no importPrice and the graph has no tg:TariffSlot covering the horizon",
                        "Give importPrice (one value a slot, or one for all) in the request, or import tg:TariffSlot resources.");
            }
            importPrice = tariff.stream().map(v -> v[0]).toList();
            if (exportPrice == null) {
                exportPrice = tariff.stream().map(v -> v[1] == null ? 0.0 : v[1]).toList();
            }
            if (co2 == null && tariff.stream().allMatch(v -> v[2] != null)) {
                co2 = tariff.stream().map(v -> v[2]).toList();
            }
        }
        EnergyProblem.Battery battery = null;
        List<EnergyProblem.Ev> evs = new ArrayList<>();
        double pvPeak = 0;
        double pvNow = 0;
        double gridNow = 0;
        double devicesNow = 0;
        for (Twin t : twins) {
            switch (t.brickClass()) {
                case "Battery" -> {
                    double soc = t.number("battery/soc").orElse(50.0);
                    battery = new EnergyProblem.Battery(t.id(), t.id(), t.attribute("capacityKwh", 10),
                            t.attribute("maxPowerW", 5000), null, 0.95, 0.95, soc, Math.min(10.0, soc), null, 10,
                            new EnergyProblem.Control(t.id(), "/features/battery/properties/mode", null));
                    devicesNow += t.number("battery/power").orElse(0.0);
                }
                case "Electric_Vehicle_Charging_Station" -> {
                    devicesNow += t.number("charger/power").orElse(0.0);
                    double soc = t.number("charger/soc").orElse(100.0);
                    double target = r.evTargetSocPercent() == null ? 80 : r.evTargetSocPercent();
                    if (t.flag("charger/plugged") && soc < target) {
                        double kwh = (target - soc) / 100 * t.attribute("carCapacityKwh", 60);
                        evs.add(new EnergyProblem.Ev(t.id(), t.id(), t.attribute("maxPowerW", 11_000),
                                Math.round(kwh * 100) / 100.0, r.start(), r.evDeparture() == null ? end : r.evDeparture(),
                                new EnergyProblem.Control(t.id(), "/features/charger/properties/charging", null)));
                    }
                }
                case "Photovoltaic_Inverter" -> {
                    pvPeak += t.attribute("peakPowerW", 0);
                    pvNow += t.number("pv/power").orElse(0.0);
                }
                default -> gridNow += t.number("meter/power").orElse(0.0);
            }
        }
        List<Double> pv = r.pvW() != null ? r.pvW() : clearSky(r, pvPeak);
        List<Double> base = r.baseLoadW() != null ? r.baseLoadW() : List.of(Math.max(0, gridNow + pvNow - devicesNow));
        List<EnergyProblem.Load> loads = new ArrayList<>(loads(graph));
        if (r.loads() != null) {
            loads.addAll(r.loads());
        }
        return new EnergyProblem(r.start(), r.slotMinutes(), r.slots(), "EUR", importPrice, exportPrice, co2, base, pv,
                r.gridLimitW(), loads, battery, evs, r.objective());
    }

    /** The horizon's start: the next slot boundary (UTC) at or after {@code now}. */
    public static Instant nextSlotStart(Instant now, int slotMinutes) {
        long slotSeconds = slotMinutes * 60L;
        long s = now.getEpochSecond();
        return Instant.ofEpochSecond((s + slotSeconds - 1) / slotSeconds * slotSeconds);
    }

    private static List<Double> clearSky(Request r, double peakW) {
        List<Double> pv = new ArrayList<>(r.slots());
        for (int t = 0; t < r.slots(); t++) {
            Instant mid = r.start().plusSeconds(60L * r.slotMinutes() * t + 30L * r.slotMinutes());
            double hour = mid.atZone(ZoneOffset.UTC).getHour() + mid.atZone(ZoneOffset.UTC).getMinute() / 60.0;
            pv.add(hour < 6 || hour > 20 ? 0.0 : Math.round(Math.sin((hour - 6) / 14 * Math.PI) * peakW * 0.7 * 10) / 10.0);
        }
        return pv;
    }

    private static List<Twin> twins(KnowledgeGraph graph) {
        Map<String, Twin> byId = new HashMap<>();
        select(graph, THINGS, row -> {
            String id = row.getLiteral("id").getLexicalForm();
            Twin twin = byId.computeIfAbsent(id, k -> new Twin(k, row.getResource("class").getLocalName(),
                    json(row.get("attrs")), new HashMap<>()));
            if (row.contains("feature")) {
                twin.values().put(row.getLiteral("feature").getLexicalForm() + row.getLiteral("path").getLexicalForm(),
                        row.get("value"));
            }
        });
        return new ArrayList<>(byId.values());
    }

    private static List<EnergyProblem.Load> loads(KnowledgeGraph graph) {
        List<EnergyProblem.Load> loads = new ArrayList<>();
        select(graph, LOADS, row -> {
            String thingId = row.contains("id") ? row.getLiteral("id").getLexicalForm() : null;
            String iri = row.getResource("load").getURI();
            String id = thingId != null ? thingId : iri.substring(Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1);
            String path = row.contains("path") ? row.getLiteral("path").getLexicalForm() : "/features/switch/properties/on";
            loads.add(new EnergyProblem.Load(id, row.contains("name") ? row.getLiteral("name").getLexicalForm() : null,
                    num(row, "power"), row.contains("duration") ? (int) row.getLiteral("duration").getLong() : null,
                    num(row, "energy"), null, instant(row, "earliest"), instant(row, "deadline"),
                    bool(row, "interruptible"), null, null, bool(row, "optional"), num(row, "value"),
                    thingId == null ? null : new EnergyProblem.Control(thingId, path, null)));
        });
        return loads;
    }

    /** Import, export and CO2 of each slot of the horizon from the tariff slots covering its start (empty if any is missing). */
    private static List<Double[]> tariff(KnowledgeGraph graph, Request r) {
        List<Object[]> periods = new ArrayList<>();
        select(graph, TARIFF, row -> periods.add(new Object[] {instant(row, "start"), instant(row, "end"),
                num(row, "import"), num(row, "export"), num(row, "co2")}));
        List<Double[]> slots = new ArrayList<>();
        for (int t = 0; t < r.slots(); t++) {
            Instant at = r.start().plusSeconds(60L * r.slotMinutes() * t);
            Double[] found = null;
            for (Object[] p : periods) {
                if (!at.isBefore((Instant) p[0]) && at.isBefore((Instant) p[1]) && p[2] != null) {
                    found = new Double[] {(Double) p[2], (Double) p[3], (Double) p[4]};
                }
            }
            if (found == null) {
                return List.of();
            }
            slots.add(found);
        }
        return slots;
    }

    private static void select(KnowledgeGraph graph, String sparql, java.util.function.Consumer<QuerySolution> row) {
        Query query = QueryFactory.create(sparql);
        graph.read(ds -> {
            try (QueryExecution qe = QueryExecutionFactory.create(query, ds)) {
                ResultSet rs = qe.execSelect();
                rs.forEachRemaining(row);
            }
            return null;
        });
    }

    private static JsonNode json(RDFNode node) {
        if (node == null || !node.isLiteral()) {
            return null;
        }
        try {
            return ProblemFiles.MAPPER.readTree(node.asLiteral().getLexicalForm());
        } catch (Exception e) {
            return null;
        }
    }

    private static Double num(QuerySolution row, String var) {
        if (!row.contains(var) || !row.get(var).isLiteral()) {
            return null;
        }
        return new BigDecimal(row.getLiteral(var).getLexicalForm()).doubleValue();
    }

    private static Boolean bool(QuerySolution row, String var) {
        return row.contains(var) ? "true".equals(row.getLiteral(var).getLexicalForm()) : null;
    }

    private static Instant instant(QuerySolution row, String var) {
        return row.contains(var) ? Instant.parse(row.getLiteral(var).getLexicalForm()) : null;
    }
}
