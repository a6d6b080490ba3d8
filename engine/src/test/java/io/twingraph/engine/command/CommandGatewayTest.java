package io.twingraph.engine.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.DeviceCommandSender;
import io.twingraph.twins.TwinCommand;

class CommandGatewayTest {
    private static final ThingId LAMP = ThingId.of("home1:lamp");
    private static final ThingId THERMOSTAT = ThingId.of("home1:thermostat");
    private static final JsonPointer ON = JsonPointer.of("/features/light/properties/on");
    private static final JsonPointer SETPOINT = JsonPointer.of("/features/thermostat/properties/setpoint");

    private TwinGraphEngine engine;
    private final List<DeviceCommand> sent = new CopyOnWriteArrayList<>();

    /** A device that does what it is told and reports its new state, as the simulator's devices do. */
    private final DeviceCommandSender obedientDevice = (command, target) -> {
        sent.add(command);
        engine.submit(new TwinCommand.Modify(command.thingId(), command.path(), command.value(),
                TwinCommand.Origin.DEVICE, TwinCommand.newCorrelationId()));
    };

    @BeforeEach
    void home() {
        engine = TwinGraphEngine.inMemory(Clock.systemUTC());
        engine.provision(List.of(
                ThingsModelFactory.newThing("{\"thingId\":\"home1:lamp\",\"features\":{\"light\":{\"properties\":{\"on\":false}}}}"),
                ThingsModelFactory.newThing("{\"thingId\":\"home1:thermostat\",\"features\":{\"thermostat\":"
                        + "{\"properties\":{\"setpoint\":19.5}}}}")));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void aCommandIsConfirmedWhenTheDeviceReportsTheDesiredValue() throws Exception {
        try (CommandGateway gateway = new CommandGateway(engine, obedientDevice)) {
            CommandOutcome outcome = gateway.send(new DeviceCommand(LAMP, ON, JsonValue.of(true), "c-1"))
                    .get(5, TimeUnit.SECONDS);

            assertThat(outcome.status()).isEqualTo(CommandOutcome.Status.CONFIRMED);
            assertThat(outcome.detail()).contains("reported true");
            assertThat(sent).extracting(DeviceCommand::correlationId).containsExactly("c-1");
            assertThat(gateway.waiting()).isZero();
        }
    }

    @Test
    void numbersAreConfirmedByValueNotBySpelling() throws Exception {
        DeviceCommandSender reportsDecimal = (command, target) -> engine.submit(new TwinCommand.Modify(THERMOSTAT,
                SETPOINT, JsonValue.of(21.0), TwinCommand.Origin.DEVICE, TwinCommand.newCorrelationId()));
        try (CommandGateway gateway = new CommandGateway(engine, reportsDecimal)) {
            CommandOutcome outcome = gateway.send(new DeviceCommand(THERMOSTAT, SETPOINT, JsonValue.of(21), "c-2"))
                    .get(5, TimeUnit.SECONDS);

            assertThat(outcome.confirmed()).isTrue();
        }
    }

    @Test
    void aSilentDeviceGivesSentButNotConfirmed() throws Exception {
        DeviceCommandSender silent = (command, target) -> sent.add(command);
        try (CommandGateway gateway = new CommandGateway(engine, silent)) {
            CommandOutcome outcome = gateway.send(new DeviceCommand(LAMP, ON, JsonValue.of(true), "c-3"),
                    Duration.ofMillis(200)).get(5, TimeUnit.SECONDS);

            assertThat(outcome.status()).isEqualTo(CommandOutcome.Status.NOT_CONFIRMED);
            assertThat(outcome.detail()).contains("did not report").contains("200 ms");
            assertThat(sent).hasSize(1);
        }
    }

    @Test
    void aDeviceReportingSomethingElseDoesNotConfirm() throws Exception {
        DeviceCommandSender stubborn = (command, target) -> engine.submit(new TwinCommand.Modify(THERMOSTAT,
                SETPOINT, JsonValue.of(20.0), TwinCommand.Origin.DEVICE, TwinCommand.newCorrelationId()));
        try (CommandGateway gateway = new CommandGateway(engine, stubborn)) {
            CommandOutcome outcome = gateway.send(new DeviceCommand(THERMOSTAT, SETPOINT, JsonValue.of(23), "c-4"),
                    Duration.ofMillis(300)).get(5, TimeUnit.SECONDS);

            assertThat(outcome.status()).isEqualTo(CommandOutcome.Status.NOT_CONFIRMED);
            assertThat(engine.twins().get(THERMOSTAT).orElseThrow().toJson().getValue(SETPOINT))
                    .contains(JsonValue.of(20.0));
        }
    }

    @Test
    void aCommandForAnUnknownTwinOrABrokenConnectionFailsWithTheReason() throws Exception {
        DeviceCommandSender brokerDown = (command, target) -> {
            throw new IllegalStateException("broker unreachable");
        };
        try (CommandGateway gateway = new CommandGateway(engine, brokerDown)) {
            CommandOutcome unknown = gateway.send(new DeviceCommand(ThingId.of("home1:nothing"), ON, JsonValue.of(true),
                    "c-5")).get(1, TimeUnit.SECONDS);
            CommandOutcome down = gateway.send(new DeviceCommand(LAMP, ON, JsonValue.of(true), "c-6"))
                    .get(1, TimeUnit.SECONDS);

            assertThat(unknown.status()).isEqualTo(CommandOutcome.Status.FAILED);
            assertThat(unknown.detail()).contains("no twin 'home1:nothing'");
            assertThat(down.status()).isEqualTo(CommandOutcome.Status.FAILED);
            assertThat(down.detail()).contains("broker unreachable");
            assertThat(gateway.waiting()).isZero();
        }
    }

    @Test
    void aDeviceAlreadyInTheDesiredStateIsConfirmedAtOnce() throws Exception {
        DeviceCommandSender silent = (command, target) -> sent.add(command);
        try (CommandGateway gateway = new CommandGateway(engine, silent)) {
            CommandOutcome outcome = gateway.send(new DeviceCommand(LAMP, ON, JsonValue.of(false), "c-7"))
                    .get(1, TimeUnit.SECONDS);

            assertThat(outcome.confirmed()).isTrue();
            assertThat(outcome.detail()).contains("already");
            assertThat(sent).hasSize(1);
        }
    }
}
