package io.twingraph.api.plans;

import java.util.List;

import io.twingraph.planners.execution.PricePeriod;

/**
 * The body of {@code PUT /api/plans/{id}/tariff}: price periods shaped like {@code tg:TariffSlot}s,
 * {@code {"slots": [{"start": "...", "end": "...", "importPrice": 0.12, "exportPrice": 0.05, "co2": 0.3}]}}; a
 * missing price stays as it was; a plan slot takes the (last) period covering its start.
 */
record TariffUpdate(List<PricePeriod> slots) {
}
