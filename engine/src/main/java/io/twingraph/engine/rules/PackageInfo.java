package io.twingraph.engine.rules;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A running rule package.
 *
 * @param disabledRules rules stopped by the firing limit, with the reason
 */
public record PackageInfo(String name, int version, List<String> rules, Map<String, String> disabledRules,
                          Instant activatedAt) {
    public PackageInfo {
        rules = List.copyOf(rules);
        disabledRules = Map.copyOf(disabledRules);
    }
}
