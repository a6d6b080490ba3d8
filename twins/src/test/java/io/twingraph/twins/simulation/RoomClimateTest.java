package io.twingraph.twins.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomClimateTest {
    private static final double HOUR = 3600;

    /** Runs a room for some hours in 10 s steps with the same inputs. */
    private static RoomClimate run(RoomClimate room, RoomClimate.Inputs inputs, double hours) {
        for (int i = 0; i < hours * HOUR / 10; i++) {
            room.step(inputs, 10);
        }
        return room;
    }

    private static RoomClimate.Inputs winterNight(double heatingWatts, double people, boolean windowOpen) {
        return new RoomClimate.Inputs(0, 19, heatingWatts, people, windowOpen, 0, 0, 45);
    }

    @Test
    void aHeatedRoomWarmsWhileTheHeatingRuns() {
        RoomClimate room = run(new RoomClimate(Room.LIVING_ROOM, 18, 500, 45),
                winterNight(Room.LIVING_ROOM.heaterWatts, 0, false), 2);
        assertThat(room.temperature()).isGreaterThan(20);
    }

    @Test
    void anUnheatedRoomCoolsSlowlyAndAnOpenWindowCoolsItFast() {
        RoomClimate closed = run(new RoomClimate(Room.BEDROOM, 21, 500, 45), winterNight(0, 0, false), 1);
        RoomClimate open = run(new RoomClimate(Room.BEDROOM, 21, 500, 45), winterNight(0, 0, true), 1);
        assertThat(closed.temperature()).isLessThan(21).isGreaterThan(20.0);
        assertThat(open.temperature()).isLessThan(closed.temperature() - 2);
    }

    @Test
    void anOpenWindowCoolsEvenWhileTheHeatingRuns() {
        RoomClimate room = run(new RoomClimate(Room.OFFICE, 21, 500, 45),
                winterNight(Room.OFFICE.heaterWatts, 1, true), 1);
        assertThat(room.temperature()).isLessThan(21);
    }

    @Test
    void peopleRaiseCo2AndAnEmptyRoomAirsOutTowardsOutdoorAir() {
        RoomClimate room = run(new RoomClimate(Room.BEDROOM, 19, 450, 45), winterNight(1000, 2, false), 4);
        double occupied = room.co2();
        assertThat(occupied).isGreaterThan(1200);

        run(room, winterNight(1000, 0, false), 6);
        double aired = room.co2();
        assertThat(aired).isLessThan(occupied - 500).isGreaterThan(RoomClimate.OUTDOOR_CO2);

        RoomClimate windowed = run(new RoomClimate(Room.BEDROOM, 19, occupied, 45), winterNight(1000, 0, true), 1);
        assertThat(windowed.co2()).isLessThan(RoomClimate.OUTDOOR_CO2 + 20);
    }

    @Test
    void humidityStaysInTheComfortBandWithoutSourcesAndASpikeFadesOut() {
        RoomClimate bathroom = new RoomClimate(Room.BATHROOM, 21, 450, 48);
        RoomClimate.Inputs shower = new RoomClimate.Inputs(5, 20, 0, 1, false, 0, 350, 48);
        run(bathroom, shower, 10 / 60.0);
        assertThat(bathroom.humidity()).isGreaterThan(70);
        run(bathroom, new RoomClimate.Inputs(5, 20, 0, 0, false, 0, 0, 48), 4);
        assertThat(bathroom.humidity()).isBetween(40.0, 60.0);
    }
}
