package io.twingraph.planners.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.query.QueryExecutionFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.ontology.Namespaces;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.problem.ProblemFiles;
import io.twingraph.planners.solve.EnergyPlanner;
import io.twingraph.planners.solve.Plan;
import io.twingraph.twins.DeviceCommand;

/**
 * The execution scheduler on a fake clock, with a real command gateway on an in-memory engine whose devices do what
 * they are told: slots carried out in order, a price update and twin changes that leave the plan replanned warm.
 */
class ExecutionSchedulerTest {
    static final EnergyPlanner PLANNER = new EnergyPlanner();
    static final EnergyPlanner.Limits SOLVE = new EnergyPlanner.Limits(Duration.ofSeconds(2), Duration.ofMillis(500));
    static final ThingId WASHER = ThingId.of("home1:washing-machine-plug");
    static final ThingId BATTERY = ThingId.of("home1:home-battery");
    static final ThingId CHARGER = ThingId.of("home1:ev-charger");

    private TwinGraphEngine engine;
    private CommandGateway gateway;
    private ExecutionScheduler scheduler;
    private ManualTimer timer;
    private EchoDevices devices;

    static EnergyProblem home() throws Exception {
        return ProblemFiles.read(Path.of(ExecutionSchedulerTest.class.getResource("/two-day-home.json").toURI()));
    }

    /** The home's twins, the devices behind them, and a scheduler on a clock set to {@code now}. */
    private void start(Instant now, boolean carPlugged) {
        timer = new ManualTimer(now);
        engine = TwinGraphEngine.inMemory(timer.clock);
        engine.provision(List.of(
                twin(WASHER, JsonObject.newBuilder().set("switch", props(JsonObject.newBuilder().set("on", true))).build(), JsonObject.empty()),
                twin(BATTERY, JsonObject.newBuilder().set("battery", props(JsonObject.newBuilder()
                        .set("mode", "auto").set("soc", 30.0))).build(), JsonObject.empty()),
                twin(CHARGER, JsonObject.newBuilder().set("charger", props(JsonObject.newBuilder()
                        .set("plugged", carPlugged).set("charging", false).set("soc", 40.0))).build(),
                        JsonObject.newBuilder().set("maxPowerW", 7400).set("carCapacityKwh", 60).build()),
                EchoDevices.sentinelTwin()));
        devices = new EchoDevices(engine);
        gateway = new CommandGateway(engine, devices);
        scheduler = new ExecutionScheduler(engine, gateway, PLANNER, timer,
                new ExecutionScheduler.Settings(Duration.ofSeconds(2), 80));
    }

    @AfterEach
    void stop() {
        scheduler.close();
        gateway.close();
        engine.close();
    }

    @Test
    void everySlotIsCarriedOutOnceInOrderAtItsStartAndTheDevicesConfirm() throws Exception {
        EnergyProblem problem = home();
        start(problem.start().minusSeconds(600), true);
        EnergyPlanner.Result result = PLANNER.plan(problem, SOLVE, null);

        ExecutionView accepted = scheduler.execute("p1", problem, result);
        assertThat(accepted.state()).isEqualTo("running");
        timer.runDue(devices::settle);
        // ten minutes before the plan starts there is nothing to do yet
        assertThat(scheduler.view("p1").orElseThrow().slots()).isEmpty();

        timer.advanceTo(problem.end().plusSeconds(60), devices::settle);
        ExecutionView done = scheduler.view("p1").orElseThrow();

        assertThat(done.state()).isEqualTo("finished");
        assertThat(done.replanCount()).isZero();
        assertThat(done.slots()).extracting(ExecutionView.ExecutedSlot::slot)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 24).boxed().toList());
        for (ExecutionView.ExecutedSlot slot : done.slots()) {
            Instant start = problem.start().plus(Duration.ofHours(slot.slot()));
            assertThat(slot.start()).isEqualTo(start);
            assertThat(slot.handledAt()).isEqualTo(start); // woken at the slot's start, not later
        }
        // the devices got the commands in slot order, every one confirmed by its twin
        List<ExecutionView.Command> commands = done.slots().stream().flatMap(s -> s.commands().stream()).toList();
        assertThat(devices.received).extracting(DeviceCommand::correlationId).containsExactlyElementsOf(
                done.slots().stream().flatMap(s -> s.commands().stream().map(c -> "plan-" + c.device() + "-" + s.slot())).toList());
        assertThat(commands).isNotEmpty().allMatch(c -> c.status().equals("confirmed"), "confirmed");
        // the washer: off at the start, on for its run, off after it
        Plan.Interval run = device(result.plan(), "washer").runs().get(0);
        List<String> washer = new ArrayList<>();
        List<Integer> washerSlots = new ArrayList<>();
        done.slots().forEach(s -> s.commands().stream().filter(c -> c.device().equals("washer")).forEach(c -> {
            washer.add(c.state());
            washerSlots.add(s.slot());
        }));
        assertThat(washer).containsExactly("off", "on", "off");
        assertThat(washerSlots).containsExactly(0, run.fromSlot(), run.toSlot());
        // the twins end where the last slot left them
        String lastBatteryState = commands.stream().filter(c -> c.device().equals("battery")).reduce((a, b) -> b)
                .orElseThrow().state();
        assertThat(property(BATTERY, "/features/battery/properties/mode")).isEqualTo(JsonValue.of(lastBatteryState));
        assertThat(property(WASHER, "/features/switch/properties/on")).isEqualTo(JsonValue.of(false));
    }

    @Test
    void aPriceUpdateReplansWarmFromTheCurrentSlotAndTheNewPlanIsCheaperUnderTheNewPrices() throws Exception {
        EnergyProblem problem = home();
        Instant now = problem.start().plus(Duration.ofMinutes(65)); // in slot 1
        start(now, true);
        EnergyPlanner.Result result = PLANNER.plan(problem, SOLVE, null);
        scheduler.execute("p2", problem, result);
        timer.runDue(devices::settle);

        // electricity becomes nearly free from 02:00 to 06:00
        scheduler.updatePrices("p2", List.of(new PricePeriod(problem.start().plus(Duration.ofHours(2)),
                problem.start().plus(Duration.ofHours(6)), 0.01, null, null)));
        timer.runDue(devices::settle);

        ExecutionView view = scheduler.view("p2").orElseThrow();
        assertThat(view.state()).isEqualTo("running");
        assertThat(view.replanCount()).isEqualTo(1);
        ExecutionView.Replan replan = view.replans().get(0);
        assertThat(replan.status()).isEqualTo("applied");
        assertThat(replan.reasons()).singleElement().asString().contains("price update").contains("4 slot(s)");
        assertThat(replan.fromSlot()).isEqualTo(1);
        assertThat(replan.carriedDecisions()).isPositive(); // warm: the plan before is the starting point
        assertThat(replan.costBefore()).isNotNull();
        assertThat(replan.costAfter()).isLessThan(replan.costBefore());
        assertThat(replan.planStatus()).isEqualTo("feasible");
        // the plan now carried out starts at the current slot and uses the cheap hours
        Plan now1 = view.plan();
        assertThat(now1.start()).isEqualTo(problem.start().plus(Duration.ofHours(1)));
        assertThat(now1.slots()).isEqualTo(23);
        double cheapKwh = 0;
        for (Plan.DeviceSchedule d : now1.devices()) {
            for (int t = 1; t <= 4; t++) {
                cheapKwh += Math.max(0, d.powerW().get(t)) / 1000;
            }
        }
        assertThat(cheapKwh).isGreaterThan(0);

        // it goes on: the next slot is carried out from the new plan, and the replan is in the plans graph
        timer.advanceTo(problem.start().plus(Duration.ofHours(2)), devices::settle);
        assertThat(scheduler.view("p2").orElseThrow().currentSlot()).isEqualTo(2);
        long revisions = engine.graph().read(ds -> {
            try (var qe = QueryExecutionFactory.create(Namespaces.sparqlPrologue()
                    + "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?r a tg:Plan ; "
                    + "<http://www.w3.org/ns/prov#wasRevisionOf> <https://twingraph.io/plan/p2> ; tg:reason ?why ; "
                    + "tg:slotStart \"" + problem.start().plus(Duration.ofHours(1)) + "\"^^xsd:dateTime } "
                    + "FILTER(CONTAINS(?why, \"price update\")) }", ds)) {
                return qe.execSelect().next().getLiteral("n").getLong();
            }
        });
        assertThat(revisions).isEqualTo(1);
    }

    @Test
    void aLoadSwitchedOnBeforeItsSlotIsReplannedAsRunningFromNowAndNotSwitchedOff() throws Exception {
        EnergyProblem problem = home(); // the washer may start from 06:00
        start(problem.start().plus(Duration.ofMinutes(65)), true);
        EnergyPlanner.Result result = PLANNER.plan(problem, SOLVE, null);
        scheduler.execute("p3", problem, result);
        timer.runDue(devices::settle);
        timer.advanceTo(problem.start().plus(Duration.ofMinutes(130)), devices::settle);

        // someone starts the washer at 02:10
        EchoDevices.report(engine, WASHER, "/features/switch/properties/on", JsonValue.of(true)).join();
        devices.settle();
        timer.runDue(devices::settle);

        ExecutionView view = scheduler.view("p3").orElseThrow();
        assertThat(view.replanCount()).isEqualTo(1);
        ExecutionView.Replan replan = view.replans().get(0);
        assertThat(replan.status()).isEqualTo("applied");
        assertThat(replan.reasons()).singleElement().asString().contains("washer was switched on").contains("started early");
        assertThat(replan.fromSlot()).isEqualTo(2);
        // the new plan runs the washer from now (its 90 minutes: slots 02:00 and 03:00), the twin stays on
        Plan.DeviceSchedule washer = device(view.plan(), "washer");
        assertThat(washer.runs()).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo(problem.start().plus(Duration.ofHours(2)));
            assertThat(r.to()).isEqualTo(problem.start().plus(Duration.ofHours(4)));
        });

        timer.advanceTo(problem.start().plus(Duration.ofMinutes(290)), devices::settle);
        List<String> washerAfter = new ArrayList<>();
        scheduler.view("p3").orElseThrow().slots().stream().filter(s -> s.slot() >= 2)
                .forEach(s -> s.commands().stream().filter(c -> c.device().equals("washer"))
                        .forEach(c -> washerAfter.add(s.slot() + ":" + c.state())));
        assertThat(washerAfter).containsExactly("4:off"); // not switched off before its run is over
    }

    @Test
    void aCarPluggedInDuringExecutionIsAddedByAReplan() throws Exception {
        EnergyProblem home = home();
        EnergyProblem noCar = home.with(home.start(), home.slots(), home.loads(), home.battery(), List.of());
        start(home.start().plus(Duration.ofMinutes(65)), false);
        scheduler.execute("p4", noCar, PLANNER.plan(noCar, SOLVE, null));
        timer.runDue(devices::settle);
        timer.advanceTo(home.start().plus(Duration.ofMinutes(190)), devices::settle);

        EchoDevices.report(engine, CHARGER, "/features/charger/properties/plugged", JsonValue.of(true)).join();
        devices.settle();
        timer.runDue(devices::settle);

        ExecutionView view = scheduler.view("p4").orElseThrow();
        assertThat(view.replans()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("applied");
            assertThat(r.reasons()).singleElement().asString().contains("a car was plugged in at home1:ev-charger")
                    .contains("24.0 kWh");
            assertThat(r.costBefore()).isNull(); // the plan before had no car to charge
        });
        // 40 % -> 80 % of 60 kWh, between 03:00 and the end of the horizon
        Plan.DeviceSchedule car = device(view.plan(), "home1:ev-charger");
        assertThat(car.powerW().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(24_000.0);
        assertThat(view.plan().start()).isEqualTo(home.start().plus(Duration.ofHours(3)));
    }

    private JsonValue property(ThingId id, String path) {
        return engine.twins().get(id).orElseThrow().toJson().getValue(path).orElseThrow();
    }

    private static JsonObject props(org.eclipse.ditto.json.JsonObjectBuilder properties) {
        return JsonObject.newBuilder().set("properties", properties.build()).build();
    }

    private static Thing twin(ThingId id, JsonObject features, JsonObject attributes) {
        return ThingsModelFactory.newThingBuilder().setId(id)
                .setAttributes(ThingsModelFactory.newAttributes(JsonObject.newBuilder().set("name", id.toString())
                        .setAll(attributes).build()))
                .setFeatures(ThingsModelFactory.newFeatures(features)).build();
    }

    static Plan.DeviceSchedule device(Plan plan, String id) {
        return plan.devices().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }
}
