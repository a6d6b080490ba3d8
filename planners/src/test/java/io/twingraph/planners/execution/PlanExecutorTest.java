package io.twingraph.planners.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.Test;

import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.problem.ProblemFiles;
import io.twingraph.planners.solve.EnergyPlanner;
import io.twingraph.planners.solve.Plan;
import io.twingraph.twins.DeviceCommand;

/** A solved plan carried out at given times through a real command gateway on an in-memory engine. */
class PlanExecutorTest {

    @Test
    void eachSlotStartSendsTheStatesThatChangeAndNothingElse() throws Exception {
        EnergyProblem problem = ProblemFiles.read(Path.of(getClass().getResource("/two-day-home.json").toURI()));
        Plan plan = new EnergyPlanner().plan(problem, new EnergyPlanner.Limits(Duration.ofSeconds(2), Duration.ofMillis(500)), null).plan();
        List<DeviceCommand> sent = new CopyOnWriteArrayList<>();
        try (TwinGraphEngine engine = TwinGraphEngine.inMemory(Clock.fixed(problem.start(), ZoneOffset.UTC))) {
            engine.provision(List.of(twin("home1:washing-machine-plug"), twin("home1:home-battery"), twin("home1:ev-charger")));
            try (CommandGateway gateway = new CommandGateway(engine, (command, target) -> sent.add(command))) {
                PlanExecutor executor = new PlanExecutor(gateway);
                executor.follow(problem, plan, problem.start());
                int washerStart = device(plan, "washer").runs().get(0).fromSlot();
                for (int t = 0; t < problem.slots(); t++) {
                    Instant slotStart = problem.start().plus(Duration.ofHours(t)).plusSeconds(2);
                    executor.tick(slotStart);
                    executor.tick(slotStart.plusSeconds(60)); // a second tick in the same slot sends nothing
                }
                List<DeviceCommand> washer = sent.stream()
                        .filter(c -> c.thingId().equals(ThingId.of("home1:washing-machine-plug"))).toList();
                // off at the start, on at its run, off after it (unless it ends with the horizon)
                assertThat(washer.get(0).value().asBoolean()).isEqualTo(washerStart == 0);
                assertThat(washer.stream().filter(c -> c.value().asBoolean()).map(DeviceCommand::correlationId))
                        .containsExactly("plan-washer-" + washerStart);
                // the battery gets its mode strings; consecutive commands always differ
                List<String> modes = sent.stream().filter(c -> c.thingId().equals(ThingId.of("home1:home-battery")))
                        .map(c -> c.value().asString()).toList();
                assertThat(modes).isNotEmpty().allMatch(m -> List.of("charge", "discharge", "idle").contains(m));
                for (int i = 1; i < modes.size(); i++) {
                    assertThat(modes.get(i)).isNotEqualTo(modes.get(i - 1));
                }
                // the dishwasher has no control: nothing is sent for it
                assertThat(sent).noneMatch(c -> c.correlationId().startsWith("plan-dishwasher"));
            }
        }
    }

    private static Thing twin(String id) {
        return ThingsModelFactory.newThingBuilder().setId(ThingId.of(id))
                .setAttributes(ThingsModelFactory.newAttributes(JsonObject.newBuilder().set("name", id).build())).build();
    }

    private static Plan.DeviceSchedule device(Plan plan, String id) {
        return plan.devices().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }
}
