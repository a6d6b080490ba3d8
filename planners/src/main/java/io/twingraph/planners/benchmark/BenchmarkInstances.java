package io.twingraph.planners.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.twingraph.planners.problem.EnergyProblem;

/**
 * Builds benchmark instances from the shared evaluation data (EMHASS, CityLearn; see their SOURCE.txt for origin and
 * licence), plus a synthetic one that needs no data.
 */
public final class BenchmarkInstances {
    private static final DateTimeFormatter EMHASS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");
    /** EMHASS's nominal powers of its two deferrable loads (config_defaults.json). */
    static final double[] EMHASS_LOAD_W = {3000, 750};
    /** EMHASS's default grid limits (maximum_power_from_grid / _to_grid). */
    static final double EMHASS_GRID_LIMIT_W = 9000;

    private BenchmarkInstances() {
    }

    /** EMHASS's cost-mode plans, one instance a day (48 half-hour slots) with its two deferrable loads. */
    public static List<BenchmarkInstance> emhassDays(Path dataDir, int days) {
        List<String[]> rows = csv(dataDir.resolve("emhass/data/opt_res_perfect_optim_cost.csv"), true);
        List<BenchmarkInstance> instances = new ArrayList<>();
        for (int d = 0; d < days && (d + 1) * 48 <= rows.size(); d++) {
            List<String[]> day = rows.subList(d * 48, (d + 1) * 48);
            EnergyProblem p = emhassProblem(day, List.of());
            Map<String, List<Integer>> reference = new LinkedHashMap<>();
            List<EnergyProblem.Load> loads = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                List<Integer> on = new ArrayList<>();
                for (int t = 0; t < day.size(); t++) {
                    if (num(day.get(t)[3 + k]) > 1) {
                        on.add(t);
                    }
                }
                if (!on.isEmpty()) {
                    String id = "deferrable" + k;
                    reference.put(id, on);
                    loads.add(new EnergyProblem.Load(id, null, EMHASS_LOAD_W[k], on.size() * 30, null, null, null, null,
                            true, null, null, null, null, null));
                }
            }
            double reported = -day.stream().mapToDouble(r -> num(r[10])).sum();
            instances.add(new BenchmarkInstance("emhass-day" + (d + 1), "EMHASS opt_res_perfect_optim_cost day " + (d + 1),
                    withLoads(p, loads), reference, reported));
        }
        return instances;
    }

    /**
     * The goal instance: 96 half-hour slots (two EMHASS days) with 20 loads: EMHASS's two deferrable loads on each day
     * (4) and 16 generated appliances (seeded), grid limit 9 kW.
     */
    public static BenchmarkInstance emhass96x20(Path dataDir) {
        List<String[]> rows = csv(dataDir.resolve("emhass/data/opt_res_perfect_optim_cost.csv"), true).subList(0, 96);
        EnergyProblem base = emhassProblem(rows, List.of());
        List<EnergyProblem.Load> loads = new ArrayList<>();
        for (int day = 0; day < 2; day++) {
            for (int k = 0; k < 2; k++) {
                int on = 0;
                for (int t = day * 48; t < day * 48 + 48; t++) {
                    on += num(rows.get(t)[3 + k]) > 1 ? 1 : 0;
                }
                loads.add(new EnergyProblem.Load("deferrable" + k + "-day" + (day + 1), null, EMHASS_LOAD_W[k],
                        Math.max(1, on) * 30, null, null, base.start().plusSeconds(day * 86_400L),
                        base.start().plusSeconds((day + 1) * 86_400L), true, null, null, null, null, null));
            }
        }
        loads.addAll(generatedLoads(base, 16, new Random(42)));
        return new BenchmarkInstance("emhass-96x20", "EMHASS days 1-2 + 16 generated loads", withLoads(base, loads),
                Map.of(), null);
    }

    /** CityLearn's Building_1 with its battery (6.4 kWh, 5 kW, 90 % round trip), PV (4 kW) and TOU prices. */
    public static BenchmarkInstance cityLearn(Path dataDir, int firstHour, int hours) {
        List<String[]> building = csv(dataDir.resolve("citylearn/Building_1.csv"), true);
        List<String[]> pricing = csv(dataDir.resolve("citylearn/pricing.csv"), true);
        List<String[]> carbon = csv(dataDir.resolve("citylearn/carbon_intensity.csv"), true);
        List<Double> base = new ArrayList<>();
        List<Double> pv = new ArrayList<>();
        List<Double> price = new ArrayList<>();
        List<Double> co2 = new ArrayList<>();
        for (int h = firstHour; h < firstHour + hours; h++) {
            base.add(num(building.get(h)[7]) * 1000);          // kWh in the hour -> W
            pv.add(num(building.get(h)[11]) * 4.0);            // W per kW installed x 4 kW
            price.add(num(pricing.get(h)[0]));
            co2.add(num(carbon.get(h)[0]));
        }
        double oneWay = Math.sqrt(0.9);
        EnergyProblem.Battery battery = new EnergyProblem.Battery("battery", "CityLearn battery", 6.4, 5000, 5000.0,
                oneWay, oneWay, 0, 0.0, null, 10, null);
        // CityLearn's year starts on a Monday in August (month 8, day type 1); the date only labels the slots
        Instant start = Instant.parse("2022-08-01T00:00:00Z").plusSeconds(3600L * firstHour);
        EnergyProblem p = new EnergyProblem(start, 60, hours, "USD", price, List.of(0.0), co2, base, pv, null,
                List.of(), battery, List.of(), EnergyProblem.Objective.COST);
        return new BenchmarkInstance("citylearn-" + (hours == 24 ? "day" : hours == 168 ? "week" : hours + "h") + "@" + firstHour,
                "CityLearn 2022 Building_1 hours " + firstHour + "-" + (firstHour + hours), p, Map.of(), null);
    }

    /** 96 half-hour slots, 20 generated loads, a 10 kWh battery, a two-level tariff and a PV bell: needs no data. */
    public static BenchmarkInstance synthetic96x20() {
        Instant start = Instant.parse("2025-06-02T00:00:00Z");
        List<Double> price = new ArrayList<>();
        List<Double> pv = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        for (int t = 0; t < 96; t++) {
            double hour = (t % 48) / 2.0;
            price.add(hour >= 7 && hour < 23 ? (hour >= 17 && hour < 21 ? 0.38 : 0.27) : 0.15);
            pv.add(Math.max(0, Math.sin((hour - 6) / 14 * Math.PI)) * 4500);
            base.add(350.0 + (hour >= 17 && hour < 22 ? 600 : 0) + (hour >= 7 && hour < 9 ? 400 : 0));
        }
        EnergyProblem p = new EnergyProblem(start, 30, 96, "EUR", price, List.of(0.08), List.of(), base, pv, 9000.0,
                List.of(), null, List.of(), EnergyProblem.Objective.COST);
        List<EnergyProblem.Load> loads = generatedLoads(p, 20, new Random(7));
        return new BenchmarkInstance("synthetic-96x20", "generated (no data needed)", withLoads(p, loads), Map.of(), null);
    }

    /** Appliances with seeded powers, durations and windows inside the horizon; a third interruptible. */
    static List<EnergyProblem.Load> generatedLoads(EnergyProblem p, int count, Random random) {
        List<EnergyProblem.Load> loads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double power = 500 + 250 * random.nextInt(11);
            int slots = 1 + random.nextInt(6);
            int earliest = random.nextInt(Math.max(1, p.slots() - slots - 8));
            int deadline = Math.min(p.slots(), earliest + slots + 4 + random.nextInt(32));
            boolean interruptible = i % 3 == 2;
            loads.add(new EnergyProblem.Load("load" + (i + 1), null, power, slots * p.slotMinutes(), null, null,
                    p.start().plus(p.slotLength().multipliedBy(earliest)),
                    p.start().plus(p.slotLength().multipliedBy(deadline)), interruptible, null, null, null, null, null));
        }
        return loads;
    }

    private static EnergyProblem emhassProblem(List<String[]> rows, List<EnergyProblem.Load> loads) {
        Instant start = OffsetDateTime.parse(rows.get(0)[0], EMHASS_TIME).toInstant();
        List<Double> pv = new ArrayList<>();
        List<Double> base = new ArrayList<>();
        List<Double> importPrice = new ArrayList<>();
        List<Double> exportPrice = new ArrayList<>();
        for (String[] r : rows) {
            pv.add(num(r[1]));
            base.add(num(r[2]));
            importPrice.add(num(r[8]));
            exportPrice.add(num(r[9]));
        }
        return new EnergyProblem(start, 30, rows.size(), "EUR", importPrice, exportPrice, List.of(), base, pv,
                EMHASS_GRID_LIMIT_W, loads, null, List.of(), EnergyProblem.Objective.COST);
    }

    static EnergyProblem withLoads(EnergyProblem p, List<EnergyProblem.Load> loads) {
        return p.with(p.start(), p.slots(), loads, p.battery(), p.evs());
    }

    private static double num(String s) {
        return s.isBlank() ? 0 : Double.parseDouble(s.trim());
    }

    private static List<String[]> csv(Path file, boolean header) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String[]> rows = new ArrayList<>();
            for (int i = header ? 1 : 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    rows.add(lines.get(i).split(",", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
