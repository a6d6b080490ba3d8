package io.twingraph.engine.rules;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.kie.api.KieBase;

/**
 * A rule package that compiled: its knowledge base (STREAM mode), the rules in it and the globals it declares.
 *
 * @param name    the package's name in TwinGraph (not necessarily its DRL {@code package} line)
 * @param version its version, 0 for dry runs
 * @param drl     the source
 */
public record CompiledPackage(String name, int version, String drl, KieBase kieBase, List<String> rules,
                              Set<String> globals) {
    public CompiledPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(drl, "drl");
        Objects.requireNonNull(kieBase, "kieBase");
        rules = List.copyOf(rules);
        globals = Set.copyOf(globals);
    }

    CompiledPackage withVersion(int newVersion) {
        return new CompiledPackage(name, newVersion, drl, kieBase, rules, globals);
    }
}
