package io.twingraph.twins.simulation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Random;

/**
 * The family living in one home, as far as the devices can tell: who is in which room, when lights go on and are
 * forgotten, when windows are opened (and left open), when doors open and the front door is locked, when showers,
 * cooking, washing and TV happen, and when the car comes and goes. Every decision is a random draw from the home's
 * seeded generator, at rates that follow the time of day.
 */
final class Household {
    private static final DailyProfile FRONT_DOOR_WORKDAY = DailyProfile.of(0, 7, 8.25, 2.0, 8.25, 16.5, 0.3,
            16.5, 18.75, 1.5, 18.75, 21.5, 0.4);
    private static final DailyProfile FRONT_DOOR_WEEKEND = DailyProfile.of(0, 9, 21, 0.6);
    private static final double MOTION_EVENTS_PER_HOUR = 40;
    private static final Duration MOTION_HOLD = Duration.ofSeconds(90);
    private static final double BASE_WATTS = 160;

    private final Random random;
    private final ZoneId zone;
    private final Map<Room, RoomState> rooms;
    private final Doors doors;
    private final Appliances appliances;
    private final EvCharger ev;
    private final Weather weather;

    private LocalDate plannedFor;
    private Instant washerStart;
    private Instant dishwasherStart;
    private Instant carLeaves;
    private Instant carReturns;
    private double returnSoc;
    private boolean carHome;
    private boolean frontWasOpen;
    private Instant cookingUntil = Instant.MIN;
    private double baseWatts = BASE_WATTS;

    /** The smart-plugged appliances whose use the household decides. */
    record Appliances(ApplianceProgram washer, ApplianceProgram dishwasher, Television tv) {
    }

    Household(Random random, ZoneId zone, Map<Room, RoomState> rooms, Doors doors, Appliances appliances,
              EvCharger ev, Weather weather, boolean carHome, double carSocOnReturn) {
        this.random = random;
        this.zone = zone;
        this.rooms = rooms;
        this.doors = doors;
        this.appliances = appliances;
        this.ev = ev;
        this.weather = weather;
        this.carHome = carHome;
        this.returnSoc = carSocOnReturn;
    }

    /** Sets who is where at the start, so the first telemetry is already plausible. */
    void settle(Moment moment) {
        for (RoomState room : rooms.values()) {
            room.occupied = Noise.chance(random, OccupancySchedule.probability(room.room, moment));
            if (room.occupied) {
                room.motionUntil = moment.instant().plus(MOTION_HOLD);
                room.motion = true;
            }
            if (room.occupied && room.dark(weather.irradiance()) && !sleeping(room, moment)) {
                lightUp(room, moment);
            }
        }
        planDay(moment);
    }

    void step(Moment moment, double dt) {
        Instant now = moment.instant();
        doors.at(now);
        if (!moment.date().equals(plannedFor)) {
            planDay(moment);
        }
        for (RoomState room : rooms.values()) {
            updateOccupancy(room, moment, dt);
            updateLights(room, moment, dt);
            updateWindow(room, moment, dt);
        }
        frontDoor(moment, dt);
        lockUp(moment);
        for (RoomState room : rooms.values()) {
            room.motion = now.isBefore(room.motionUntil);
        }
        cooking(moment, dt);
        television(moment, dt);
        startAppliances(now);
        car(moment);
        baseWatts = BASE_WATTS + 35 * occupiedRooms() + (now.isBefore(cookingUntil) ? 1800 : 0)
                + rooms.values().stream().flatMap(r -> r.lights.stream()).mapToDouble(Light::watts).sum();
    }

    /** Unmetered household load: standby, lighting, cooking, computers. */
    double baseWatts() {
        return baseWatts;
    }

    /** Moisture the household adds to a room, %RH per hour: showers and cooking. */
    double moisture(RoomState room, Instant now) {
        if (room.room == Room.BATHROOM && now.isBefore(room.showerUntil)) {
            return 350;
        }
        if (room.room == Room.KITCHEN && now.isBefore(cookingUntil)) {
            return 25;
        }
        return 0;
    }

    private void updateOccupancy(RoomState room, Moment moment, double dt) {
        double p = OccupancySchedule.probability(room.room, moment);
        double perHour = 60 / room.room.dwellMinutes * (room.occupied ? 1 - p : p);
        if (Noise.happens(random, perHour, dt)) {
            room.occupied = !room.occupied;
            if (room.occupied) {
                entered(room, moment);
            } else {
                left(room, moment);
            }
        }
        if (room.occupied && Noise.happens(random, MOTION_EVENTS_PER_HOUR, dt)) {
            room.motionUntil = moment.instant().plus(MOTION_HOLD);
        }
    }

    private void entered(RoomState room, Moment moment) {
        Instant now = moment.instant();
        room.motionUntil = now.plus(MOTION_HOLD);
        if (room.dark(weather.irradiance()) && !room.anyLightOn() && !sleeping(room, moment)
                && Noise.chance(random, 0.9)) {
            lightUp(room, moment);
        }
        if (room.windowOpen && !now.isBefore(room.windowCloseAt) && Noise.chance(random, 0.7)) {
            closeWindow(room);
        }
        if (room.room == Room.BATHROOM && moment.between(5.5, 10) && Noise.chance(random, 0.7)) {
            room.showerUntil = now.plus(minutes(7, 12));
        }
    }

    private void left(RoomState room, Moment moment) {
        for (Light light : room.lights) {
            // now and then the light is forgotten: something for rules to fix
            if (light.on() && Noise.chance(random, 0.85)) {
                light.switchOff();
            }
        }
        if (room.windowOpen && weather.temperature() < 12 && Noise.chance(random, 0.6)) {
            closeWindow(room);
        }
        boolean wakingUp = room.room == Room.BEDROOM && moment.between(5, 10);
        if (wakingUp && room.room.hasWindowContact() && !room.windowOpen && Noise.chance(random, 0.35)) {
            openWindow(room, moment);
        }
    }

    private void updateLights(RoomState room, Moment moment, double dt) {
        if (!room.occupied) {
            return;
        }
        if (sleeping(room, moment)) {
            if (room.anyLightOn() && Noise.happens(random, 4, dt)) {
                room.lights.forEach(Light::switchOff);
            }
        } else if (room.dark(weather.irradiance())) {
            if (!room.anyLightOn() && Noise.happens(random, 6, dt)) {
                lightUp(room, moment);
            }
        } else if (room.anyLightOn() && weather.irradiance() * room.daylight() * room.room.glazing > 150
                && Noise.happens(random, 1, dt)) {
            room.lights.forEach(Light::switchOff);
        }
    }

    private void lightUp(RoomState room, Moment moment) {
        if (room.lights.isEmpty()) {
            return;
        }
        boolean night = moment.between(23, 6);
        int level = night ? 20 + random.nextInt(30) : 60 + random.nextInt(41);
        room.lights.get(0).switchOn(level);
        // the second lamp of a room (the living room's floor lamp) is for cosy evenings
        for (int i = 1; i < room.lights.size(); i++) {
            if (moment.between(18, 23.5) && Noise.chance(random, 0.6)) {
                room.lights.get(i).switchOn(40 + random.nextInt(40));
            }
        }
    }

    private boolean sleeping(RoomState room, Moment moment) {
        return room.room.sleepingRoom() && (room.room == Room.KIDS_ROOM ? moment.between(20.5, 7) : moment.between(23, 6.5));
    }

    private void updateWindow(RoomState room, Moment moment, double dt) {
        if (!room.room.hasWindowContact()) {
            return;
        }
        Instant now = moment.instant();
        if (room.windowOpen) {
            boolean due = !now.isBefore(room.windowCloseAt);
            // nobody there when it was meant to close: it stays open until someone notices
            if (due && (room.occupied || anyoneHome() && Noise.happens(random, 0.5, dt))) {
                closeWindow(room);
            }
            return;
        }
        if (room.occupied && !sleeping(room, moment) && Noise.happens(random, openingUrge(room), dt)) {
            openWindow(room, moment);
        }
    }

    /** Stale or humid air, or a room warmer than a mild outside, makes people open the window (per hour). */
    private double openingUrge(RoomState room) {
        double rate = 0;
        if (room.climate.co2() > 1400) {
            rate += 6;
        }
        if (room.climate.humidity() > 70) {
            rate += 12;
        }
        double outside = weather.temperature();
        if (room.climate.temperature() > 24.5 && outside > 14 && outside < room.climate.temperature() - 1) {
            rate += 4;
        }
        return rate;
    }

    private void openWindow(RoomState room, Moment moment) {
        double outside = weather.temperature();
        Duration airing = outside < 10 ? minutes(5, 20) : outside < 18 ? minutes(15, 60) : minutes(60, 240);
        room.windowOpen = true;
        room.windowCloseAt = moment.instant().plus(airing);
    }

    private static void closeWindow(RoomState room) {
        room.windowOpen = false;
        room.windowCloseAt = Instant.MAX;
    }

    private void frontDoor(Moment moment, double dt) {
        double perHour = (moment.workday() ? FRONT_DOOR_WORKDAY : FRONT_DOOR_WEEKEND).at(moment.hour());
        if (!doors.frontOpen() && Noise.happens(random, perHour, dt)) {
            Instant until = moment.instant().plus(minutes(1, 2.5));
            doors.openFront(until);
            RoomState hallway = rooms.get(Room.HALLWAY);
            if (hallway != null) {
                hallway.motionUntil = until.plus(MOTION_HOLD);
            }
        }
    }

    /**
     * The front door is locked as it closes behind the last one out, or for the night; during the day it stays
     * unlocked once opened. No random draw: the lock leaves the rest of the household's day as it was.
     */
    private void lockUp(Moment moment) {
        boolean open = doors.frontOpen();
        if (frontWasOpen && !open && (!anyoneHome() || moment.between(21, 6))) {
            doors.lockFront(true);
        }
        frontWasOpen = open;
    }

    private void cooking(Moment moment, double dt) {
        RoomState kitchen = rooms.get(Room.KITCHEN);
        boolean mealTime = moment.between(11.5, 13.5) || moment.between(17.5, 19.5)
                || !moment.workday() && moment.between(8, 10);
        if (kitchen != null && kitchen.occupied && mealTime && !moment.instant().isBefore(cookingUntil)
                && Noise.happens(random, 1.5, dt)) {
            cookingUntil = moment.instant().plus(minutes(15, 40));
        }
    }

    private void television(Moment moment, double dt) {
        Television tv = appliances.tv();
        RoomState living = rooms.get(Room.LIVING_ROOM);
        boolean tvTime = moment.between(18.5, 23.5) || !moment.workday() && moment.between(14, 17);
        if (!tv.watching() && living.occupied && tvTime && Noise.happens(random, 3, dt)) {
            tv.watch(true);
        } else if (tv.watching() && (!living.occupied || !tvTime) && Noise.happens(random, 5, dt)) {
            tv.watch(false);
        }
    }

    private void startAppliances(Instant now) {
        if (washerStart != null && !now.isBefore(washerStart)) {
            appliances.washer().start();
            washerStart = null;
        }
        if (dishwasherStart != null && !now.isBefore(dishwasherStart)) {
            appliances.dishwasher().start();
            dishwasherStart = null;
        }
    }

    private void car(Moment moment) {
        Instant now = moment.instant();
        if (carHome && carLeaves != null && !now.isBefore(carLeaves)) {
            carHome = false;
            carLeaves = null;
            returnSoc = moment.workday() ? Noise.uniform(random, 20, 60)
                    : Math.max(15, ev.soc() - Noise.uniform(random, 8, 25));
            ev.depart();
            garageTraffic(now);
        } else if (!carHome && carReturns != null && !now.isBefore(carReturns)) {
            carHome = true;
            carReturns = null;
            // sometimes nobody plugs the car in: a reminder rule has something to say
            ev.arrive(returnSoc, Noise.chance(random, 0.9));
            garageTraffic(now);
        }
    }

    private void garageTraffic(Instant now) {
        doors.openGarage(now.plus(minutes(2, 4)));
        RoomState garage = rooms.get(Room.GARAGE);
        if (garage != null) {
            garage.motionUntil = now.plus(Duration.ofMinutes(4));
        }
    }

    /** Decides, once a day, when the washing, the dishes and the car trips happen. */
    private void planDay(Moment moment) {
        LocalDate date = moment.date();
        plannedFor = date;
        Instant now = moment.instant();
        washerStart = null;
        if (Noise.chance(random, moment.workday() ? 0.35 : 0.7)) {
            double hour = moment.workday() ? (random.nextBoolean() ? Noise.uniform(random, 9, 10)
                    : Noise.uniform(random, 18.5, 20)) : Noise.uniform(random, 9.5, 11.5);
            washerStart = future(at(date, hour), now);
        }
        dishwasherStart = Noise.chance(random, 0.8) ? future(at(date, Noise.uniform(random, 19.75, 21)), now) : null;
        carLeaves = null;
        carReturns = null;
        if (moment.workday()) {
            Instant leave = at(date, 7.5 + random.nextGaussian() * 0.25);
            Instant back = at(date, 18 + random.nextGaussian() * 0.66);
            carLeaves = future(leave, now);
            carReturns = back;
        } else if (Noise.chance(random, 0.5)) {
            Instant leave = at(date, Noise.uniform(random, 9.5, 13));
            carLeaves = future(leave, now);
            carReturns = leave.plus(minutes(120, 360));
        }
        if (carLeaves == null && !carHome) {
            // the car is away past a planned trip (a simulation started mid-day): bring it back in the evening
            carReturns = carReturns != null ? carReturns : at(date, 18);
        }
    }

    private Instant at(LocalDate date, double hour) {
        return date.atStartOfDay(zone).toInstant().plusSeconds(Math.round(hour * 3600));
    }

    private static Instant future(Instant planned, Instant now) {
        return planned.isBefore(now) ? null : planned;
    }

    private Duration minutes(double from, double to) {
        return Duration.ofSeconds(Math.round(Noise.uniform(random, from, to) * 60));
    }

    private int occupiedRooms() {
        int n = 0;
        for (RoomState room : rooms.values()) {
            n += room.occupied ? 1 : 0;
        }
        return n;
    }

    private boolean anyoneHome() {
        return occupiedRooms() > 0;
    }
}
