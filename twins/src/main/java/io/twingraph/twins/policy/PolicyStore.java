package io.twingraph.twins.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.ditto.base.model.json.FieldType;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.policies.model.PoliciesModelFactory;
import org.eclipse.ditto.policies.model.Policy;
import org.eclipse.ditto.policies.model.PolicyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.error.TwinGraphException;

/**
 * The stored policies, in Eclipse Ditto's model: one JSON file a policy under {@code <data>/policies/}, each written
 * to a temporary file, forced to disk and moved into place, so a crash leaves the old or the new policy, never half.
 * All policies are held in memory; reads are safe from any thread, changes are serialised.
 *
 * <p>On the first start (no {@code policies} directory yet) the store writes {@link #DEFAULT_POLICY_ID}: READ on
 * {@code thing:/} for {@code role:reader} (every token) and READ and WRITE for {@code role:operator}, so that a new
 * installation behaves as it did before policies existed. It is never written again: if an administrator's edits
 * leave it out (or the file is removed by hand) things without another policy are readable by administrators only.
 */
public final class PolicyStore {
    /** The policy of every thing that has no stored policy of its own and no site policy. */
    public static final PolicyId DEFAULT_POLICY_ID = PolicyId.of("twingraph:default");
    /** The name of a site's policy in the site's namespace: {@code home1:site}. */
    public static final String SITE_POLICY_NAME = "site";

    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);
    private static final String SUFFIX = ".json";
    private static final String DEFAULT_JSON = """
            {"policyId": "twingraph:default", "entries": {
              "readers": {"subjects": {"role:reader": {"type": "every TwinGraph token: every role reads"}},
                          "resources": {"thing:/": {"grant": ["READ"], "revoke": []}}},
              "operators": {"subjects": {"role:operator": {"type": "tokens with the operator role"}},
                            "resources": {"thing:/": {"grant": ["READ", "WRITE"], "revoke": []}}}}}""";

    private final Path directory;
    private final Clock clock;
    private final Map<PolicyId, Policy> policies = new ConcurrentHashMap<>();

    private PolicyStore(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Opens the policies of a data directory, creating the directory with the default policy on the first start.
     *
     * @throws TwinGraphException {@code policies:store.unreadable} when a stored file is not a valid policy
     */
    public static PolicyStore open(Path dataDir, Clock clock) {
        PolicyStore store = new PolicyStore(dataDir.resolve("policies"), Objects.requireNonNull(clock, "clock"));
        boolean first = !Files.isDirectory(store.directory);
        try {
            Files.createDirectories(store.directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the policy directory " + store.directory, e);
        }
        if (first) {
            store.put(defaultPolicy());
            LOG.info("Policies: wrote the default policy {} to {}", DEFAULT_POLICY_ID, store.directory);
        } else {
            store.load();
        }
        return store;
    }

    /** The policy a new installation starts with (see the class comment). */
    public static Policy defaultPolicy() {
        return PolicyJson.read(DEFAULT_POLICY_ID, DEFAULT_JSON);
    }

    /** The id of the policy that governs the things of a site (a namespace) that have no policy of their own. */
    public static PolicyId sitePolicyId(String namespace) {
        return PolicyId.of(namespace, SITE_POLICY_NAME);
    }

    public Optional<Policy> get(PolicyId policyId) {
        return Optional.ofNullable(policies.get(policyId));
    }

    /** Every stored policy, by id. */
    public List<Policy> all() {
        return policies.values().stream()
                .sorted(Comparator.comparing(p -> p.getEntityId().map(Object::toString).orElse(""))).toList();
    }

    /**
     * Stores a policy as the next revision of its id (1 for a new one), stamped with the time.
     *
     * @return the policy as stored, with its revision and modification time
     */
    public synchronized Policy put(Policy policy) {
        PolicyId id = policy.getEntityId().orElseThrow(() -> new IllegalArgumentException("a policy needs an id"));
        long revision = get(id).flatMap(Policy::getRevision).map(r -> r.toLong() + 1).orElse(1L);
        Policy stored = policy.toBuilder().setRevision(revision).setModified(clock.instant()).build();
        write(file(id), stored.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial()).toString());
        policies.put(id, stored);
        return stored;
    }

    /** Removes a policy; false when there was none. */
    public synchronized boolean delete(PolicyId policyId) {
        if (!policies.containsKey(policyId)) {
            return false;
        }
        try {
            Files.deleteIfExists(file(policyId));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the policy file " + file(policyId), e);
        }
        policies.remove(policyId);
        return true;
    }

    private void load() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                Policy policy = read(file);
                policies.put(policy.getEntityId().orElseThrow(), policy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the policy directory " + directory, e);
        }
        if (!policies.containsKey(DEFAULT_POLICY_ID)) {
            LOG.warn("Policies: there is no {} in {}; things without another policy are readable by administrators only",
                    DEFAULT_POLICY_ID, directory);
        }
    }

    private static Policy read(Path file) {
        String name = file.getFileName().toString();
        try {
            Policy policy = PoliciesModelFactory.newPolicy(JsonFactory.readFrom(Files.readString(file)).asObject());
            String expected = URLDecoder.decode(name.substring(0, name.length() - SUFFIX.length()), StandardCharsets.UTF_8);
            if (!policy.getEntityId().map(Object::toString).orElse("").equals(expected)) {
                throw new IllegalStateException("its policyId is not " + expected);
            }
            return policy;
        } catch (IOException | RuntimeException e) {
            throw new TwinGraphException("policies:store.unreadable", TwinGraphException.Kind.INTERNAL,
                    "The policy file " + file + " cannot be read: " + e.getMessage(),
                    "Restore it from a backup or remove it; TwinGraph does not start with a damaged policy.", e);
        }
    }

    private Path file(PolicyId id) {
        // policy ids may hold characters a file name should not ('/' never: Ditto forbids it in names)
        return directory.resolve(URLEncoder.encode(id.toString(), StandardCharsets.UTF_8) + SUFFIX);
    }

    /** Temporary file, forced to disk, moved into place: a crash leaves the old or the new file. */
    private static void write(Path file, String text) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".tmp-", SUFFIX + ".part");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the policy file " + file, e);
        }
    }
}
