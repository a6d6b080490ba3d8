package io.twingraph.twins.policy;

import java.util.Set;

import org.eclipse.ditto.base.model.exceptions.DittoJsonException;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonMissingFieldException;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonParseException;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.policies.model.PoliciesModelFactory;
import org.eclipse.ditto.policies.model.Policy;
import org.eclipse.ditto.policies.model.PolicyEntry;
import org.eclipse.ditto.policies.model.PolicyEntryInvalidException;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.policies.model.Resource;
import org.eclipse.ditto.policies.model.Subject;
import org.eclipse.ditto.policies.model.signals.commands.exceptions.PolicyIdNotExplicitlySettableException;

import io.twingraph.error.TwinGraphException;

/**
 * Reads a policy as Ditto's HTTP API takes it ({@code {"policyId", "entries": {label: {"subjects": {id: {"type"}},
 * "resources": {"thing:/path": {"grant": [...], "revoke": [...]}}}}}}), with Ditto's own model and Ditto's errors,
 * and refuses what TwinGraph would silently not enforce: policy imports, expiring subjects, permissions other than
 * READ, WRITE and EXECUTE, and resource types other than {@code thing}, {@code policy} and {@code message}.
 */
public final class PolicyJson {
    private static final Set<String> PERMISSIONS = Set.of("READ", "WRITE", "EXECUTE");
    private static final Set<String> RESOURCE_TYPES = Set.of("thing", "policy", "message");

    private PolicyJson() {
    }

    /**
     * Parses and checks a policy for {@code policyId}.
     *
     * @param policyId the id the policy is stored under; the body may repeat it, not name another
     * @throws org.eclipse.ditto.base.model.exceptions.DittoRuntimeException Ditto's 400 errors ({@code json.invalid},
     *                                                                        {@code json.field.missing},
     *                                                                        {@code policies:id.notsettable},
     *                                                                        {@code policies:entry.invalid},
     *                                                                        {@code policies:subjectid.invalid}...)
     * @throws TwinGraphException                                             {@code policies:imports.unsupported}
     */
    public static Policy read(PolicyId policyId, String text) {
        JsonValue json = DittoJsonException.wrapJsonRuntimeException(() -> JsonFactory.readFrom(text == null ? "" : text));
        if (!json.isObject()) {
            throw new DittoJsonException(JsonParseException.newBuilder()
                    .message("A policy must be a JSON object with 'entries', not: " + abbreviate(json.toString()))
                    .build());
        }
        JsonObject object = json.asObject();
        object.getValue("policyId").ifPresent(given -> {
            if (!given.isString() || !given.asString().equals(policyId.toString())) {
                throw PolicyIdNotExplicitlySettableException.newBuilder()
                        .message("The policyId " + given + " in the body differs from '" + policyId + "' in the URL.")
                        .description("Leave policyId out of the body, or make it equal to the one in the URL.")
                        .build();
            }
        });
        if (!object.contains("entries")) {
            throw new DittoJsonException(JsonMissingFieldException.newBuilder().fieldName("entries").build());
        }
        Policy policy = DittoJsonException.wrapJsonRuntimeException(() ->
                PoliciesModelFactory.newPolicy(object.setValue("policyId", policyId.toString())));
        check(policy);
        return policy;
    }

    private static void check(Policy policy) {
        if (!policy.getPolicyImports().isEmpty()) {
            throw new TwinGraphException("policies:imports.unsupported", TwinGraphException.Kind.INVALID,
                    "TwinGraph does not resolve policy imports; this policy imports " + policy.getPolicyImports().getSize()
                            + " policies.",
                    "Copy the imported entries into the policy itself.");
        }
        for (PolicyEntry entry : policy.getEntriesSet()) {
            String label = entry.getLabel().toString();
            for (Subject subject : entry.getSubjects()) {
                if (subject.getExpiry().isPresent()) {
                    throw invalidEntry(label, "subject '" + subject.getId() + "' has an expiry, which TwinGraph does not "
                            + "enforce", "Remove the expiry; revoke the subject's token or edit the policy instead.");
                }
            }
            for (Resource resource : entry.getResources()) {
                String type = resource.getResourceKey().getResourceType();
                if (!RESOURCE_TYPES.contains(type)) {
                    throw invalidEntry(label, "resource '" + resource.getResourceKey() + "' has the unknown type '" + type
                            + "'", "Use thing:/..., policy:/... or message:/... resources.");
                }
                for (String permission : resource.getEffectedPermissions().getGrantedPermissions()) {
                    checkPermission(label, resource, permission);
                }
                for (String permission : resource.getEffectedPermissions().getRevokedPermissions()) {
                    checkPermission(label, resource, permission);
                }
            }
        }
    }

    private static void checkPermission(String label, Resource resource, String permission) {
        if (!PERMISSIONS.contains(permission)) {
            throw invalidEntry(label, "resource '" + resource.getResourceKey() + "' names the unknown permission '"
                    + permission + "'", "Grant or revoke READ or WRITE (EXECUTE applies to policies only).");
        }
    }

    private static PolicyEntryInvalidException invalidEntry(String label, String problem, String description) {
        return PolicyEntryInvalidException.newBuilder()
                .message("Policy entry '" + label + "': " + problem + ".")
                .description(description)
                .build();
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
