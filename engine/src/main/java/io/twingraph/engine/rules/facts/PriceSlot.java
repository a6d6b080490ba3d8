package io.twingraph.engine.rules.facts;

/**
 * The import price of electricity for one slot of time.
 *
 * @param start epoch milliseconds, inclusive
 * @param end   epoch milliseconds, exclusive
 * @param price per kWh, in the tariff's currency
 * @param peak  true when the tariff calls this a peak slot (the top quarter of the day's prices when it does not say)
 */
public record PriceSlot(long start, long end, double price, boolean peak) {
    public PriceSlot {
        if (end <= start) {
            throw new IllegalArgumentException("a price slot ends after it starts");
        }
    }

    public boolean covers(long time) {
        return time >= start && time < end;
    }
}
