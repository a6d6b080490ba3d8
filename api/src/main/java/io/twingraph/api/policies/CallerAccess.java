package io.twingraph.api.policies;

import io.javalin.http.Context;
import io.twingraph.api.access.Access;
import io.twingraph.api.access.Principal;
import io.twingraph.api.access.Role;
import io.twingraph.twins.policy.ThingAccess;
import io.twingraph.twins.policy.ThingPermissions;

/**
 * What the caller of a request may do with twins: administrators bypass policies (they administer them); everyone
 * else is judged by the policies as the Ditto subjects of their token ({@link Principal#policySubjects()}:
 * {@code tg:<subject>}, {@code role:reader}, {@code role:<each role>}).
 */
public final class CallerAccess {
    /** No policies: every caller may do what its route's role allows (route tests, in-process evaluations). */
    public static final CallerAccess NONE = new CallerAccess(null);

    private final ThingPermissions permissions;

    /**
     * @param permissions the policies to judge callers by, or null for {@link #NONE}
     */
    public CallerAccess(ThingPermissions permissions) {
        this.permissions = permissions;
    }

    /** The twin access of a request's caller. */
    public ThingAccess of(Context ctx) {
        return of(Access.principal(ctx));
    }

    /** The twin access of a caller. */
    public ThingAccess of(Principal caller) {
        if (permissions == null || caller.has(Role.ADMIN)) {
            return ThingAccess.UNRESTRICTED;
        }
        return permissions.forSubjects(caller.policySubjects());
    }
}
