package io.twingraph.api.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import io.twingraph.api.access.IssuedToken;
import io.twingraph.api.access.Role;
import io.twingraph.api.access.TokenRecord;
import io.twingraph.api.access.TokenStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code twingraph token create|list|revoke}: API tokens of a data directory, edited in place. A running server
 * picks up the change within a second, so this works with or without one.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Create, list and revoke API tokens (stored hashed in <data>/access/tokens.json).",
                "  twingraph token create --subject alice --role operator",
                "  twingraph token list",
                "  twingraph token revoke alice     (by subject or token id)"})
final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "create, list or revoke")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID|SUBJECT", description = "What to revoke.")
    String target;

    @Option(names = "--data", defaultValue = "${env:TWINGRAPH_DATA:-data}", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--subject", description = "Who the new token is for (letters, digits, . _ @ -).")
    String subject;

    @Option(names = "--role", split = ",", description = "Role(s) of the new token: reader, operator, author, planner, admin.")
    List<String> roles;

    @Option(names = "--note", description = "What the token is for (shown in lists).")
    String note;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TokenStore tokens = TokenStore.open(data);
        switch (action) {
            case "create":
                return create(tokens, out);
            case "list":
                for (TokenRecord r : tokens.list()) {
                    out.printf("%-10s %-20s %-32s created %s%s%s%n", r.id(), r.subject(), roles(r.roles()), r.created(),
                            !r.valid() ? ", REVOKED " + r.revoked() : "", r.note() == null ? "" : "  (" + r.note() + ")");
                }
                out.flush();
                return 0;
            case "revoke":
                if (target == null) {
                    throw new IllegalArgumentException("give the token id or subject to revoke");
                }
                List<TokenRecord> revoked = tokens.revoke(target, Instant.now());
                out.println(revoked.isEmpty() ? "Already revoked." : "Revoked " + revoked.size() + " token(s): "
                        + revoked.stream().map(TokenRecord::id).toList());
                out.flush();
                return 0;
            default:
                throw new IllegalArgumentException("unknown action '" + action + "': use create, list or revoke");
        }
    }

    private int create(TokenStore tokens, PrintWriter out) {
        if (subject == null || roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("create needs --subject and at least one --role");
        }
        Set<Role> granted = EnumSet.noneOf(Role.class);
        roles.forEach(r -> granted.add(Role.of(r)));
        IssuedToken issued = tokens.create(subject, granted, note, Instant.now());
        out.println(issued.token());
        out.flush();
        spec.commandLine().getErr().printf("Token %s for %s (%s). It is shown only now; it is stored hashed.%n",
                issued.record().id(), subject, roles(granted));
        spec.commandLine().getErr().flush();
        return 0;
    }

    private static String roles(Set<Role> roles) {
        return String.join(",", roles.stream().map(Role::id).sorted().toList());
    }
}
