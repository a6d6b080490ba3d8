package io.twingraph.twins.simulation;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * One instant of simulated time as the household experiences it: local clock time, season and day type.
 *
 * @param hour      local clock time in hours, 0 (inclusive) to 24 (exclusive)
 * @param solarHour local standard time (daylight saving removed): the sun peaks near 12 whatever the clocks say
 */
record Moment(Instant instant, LocalDate date, double hour, int dayOfYear, boolean workday, double solarHour) {

    static Moment of(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        double hour = local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
        double dstHours = zone.getRules().getDaylightSavings(instant).getSeconds() / 3600.0;
        double solar = ((hour - dstHours) % 24 + 24) % 24;
        DayOfWeek day = local.getDayOfWeek();
        boolean workday = day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
        return new Moment(instant, local.toLocalDate(), hour, local.getDayOfYear(), workday, solar);
    }

    /** 0 in midwinter (mid January), 1 in midsummer (mid July). */
    double summerness() {
        return 0.5 - 0.5 * Math.cos(2 * Math.PI * (dayOfYear - 15) / 365.25);
    }

    boolean between(double fromHour, double toHour) {
        return fromHour <= toHour ? hour >= fromHour && hour < toHour : hour >= fromHour || hour < toHour;
    }
}
