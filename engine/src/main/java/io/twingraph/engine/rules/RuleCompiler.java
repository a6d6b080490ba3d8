package io.twingraph.engine.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.internal.utils.KieHelper;

import io.twingraph.error.TwinGraphException;

/** Compiles one package's DRL into a STREAM-mode knowledge base, or says at which lines it is wrong. */
public final class RuleCompiler {
    /** Package names: what a URL path segment and a folder name can both hold. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    /** Large enough for hundreds of rules, small enough to refuse a pasted log file. */
    static final int MAX_DRL_CHARS = 1_000_000;

    private RuleCompiler() {
    }

    /**
     * @throws RuleCompilationException with every error and its line when the DRL does not compile
     * @throws TwinGraphException       {@code rules:package.name} for a bad package name, {@code rules:drl.empty}
     */
    public static CompiledPackage compile(String name, String drl) {
        checkName(name);
        if (drl == null || drl.isBlank()) {
            throw new TwinGraphException("rules:drl.empty", TwinGraphException.Kind.INVALID,
                    "Rule package '" + name + "' has no DRL text.", "Send the DRL as the request body (text/plain).");
        }
        if (drl.length() > MAX_DRL_CHARS) {
            throw new TwinGraphException("rules:drl.too-large", TwinGraphException.Kind.TOO_LARGE,
                    "Rule package '" + name + "' is " + drl.length() + " characters; the limit is " + MAX_DRL_CHARS + ".",
                    "Split it into several packages.");
        }
        KieHelper helper = new KieHelper();
        helper.addContent(drl, ResourceType.DRL);
        Results results = helper.verify();
        List<CompileError> errors = new ArrayList<>();
        for (Message m : results.getMessages(Message.Level.ERROR)) {
            errors.add(new CompileError(m.getLine(), m.getColumn(), m.getText().strip()));
        }
        if (errors.size() > 1) {
            // after a syntax error the parser adds this, with no line: it says nothing the first error did not
            errors.removeIf(e -> e.line() == 0 && e.message().contains("Parser returned a null Package"));
        }
        if (!errors.isEmpty()) {
            throw new RuleCompilationException(name, errors);
        }
        KieBase base = helper.build(EventProcessingOption.STREAM);
        List<String> rules = new ArrayList<>();
        Set<String> globals = new LinkedHashSet<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                rules.add(r.getName());
            }
            for (Global g : p.getGlobalVariables()) {
                globals.add(g.getName());
            }
        }
        if (rules.isEmpty()) {
            throw new RuleCompilationException(name, List.of(new CompileError(0, 0, "the package has no rules")));
        }
        return new CompiledPackage(name, 0, drl, base, rules, globals);
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TwinGraphException("rules:package.name", TwinGraphException.Kind.INVALID,
                    "'" + name + "' is not a rule package name.",
                    "Use lower-case letters, digits and '-', starting with a letter, at most 63 characters.");
        }
    }
}
