package io.twingraph.nl.link;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds which things or rooms a phrase most likely names, by meaning rather than spelling: "lamp in the lounge" finds
 * "Living room light", "telly" finds "TV", "fridge" finds "Refrigerator"; "weather in Paris" finds nothing.
 * <p>
 * Built from every label and alias ({@link Named}); their embeddings are computed once, here, in one batch (the first
 * linker of the application also loads the shared model, 1-2 s). {@link #link(String, int)} embeds the phrase (a few
 * milliseconds; repeated phrases come from a cache shared by all linkers on the same model, so they cost nothing) and
 * compares it with every name. Immutable and safe to share between threads.
 * <p>
 * If the model cannot be loaded or fails, the linker degrades: {@link #link} returns an empty list, one WARN in the
 * log gives the reason, and nothing is thrown to the caller.
 */
public final class NameLinker {

    /**
     * The least cosine similarity a candidate needs. Measured with the quantised all-MiniLM-L6-v2 against 34 typical
     * device and room names: the 21 fuzzy names we want found scored 0.56 ("the music" - Speaker) to 1.0, while the
     * best match of 24 unrelated phrases ("weather in Paris", "cat", "the president", "banana", ...) scored at most
     * 0.45 ("the president" - Office; "cat" - TV 0.45). 0.50 sits in that gap.
     */
    public static final double THRESHOLD = 0.50;

    private static final Logger LOG = LoggerFactory.getLogger(NameLinker.class);
    /** Texts already embedded, per model instance (weak keys: a cache goes with its model). */
    private static final Cache<EmbeddingModel, Cache<String, float[]>> VECTORS =
            Caffeine.newBuilder().weakKeys().build();
    private static final int VECTORS_PER_MODEL = 4096;
    /** Reasons already logged at WARN: a home rebuilt many times with a broken model warns once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final List<Entry> entries;
    private final int idCount;
    private final EmbeddingModel model;
    private final Cache<String, float[]> vectors;
    private final Consumer<String> warn;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final String unavailable;

    private record Entry(String id, int idIndex, String text, float[] vector, double norm) {
    }

    /** A linker over {@code names}, on the shared model ({@link EmbeddingModels#shared()}). */
    public NameLinker(List<Named> names) {
        this(names, EmbeddingModels::shared, null);
    }

    /**
     * A linker over {@code names} on the model {@code modelSupplier} gives (asked once, here, and only when there is
     * a name); {@code warn} receives the one warning of a degraded linker ({@code null}: the log).
     */
    NameLinker(List<Named> names, Supplier<? extends EmbeddingModel> modelSupplier, Consumer<String> warn) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(modelSupplier, "modelSupplier");
        this.warn = warn != null ? warn : message -> LOG.warn(message);
        List<Named> usable = new ArrayList<>();
        for (Named n : names) {
            if (!Wording.normalise(n.text()).isEmpty()) {
                usable.add(n);
            }
        }
        EmbeddingModel m = null;
        Cache<String, float[]> cache = null;
        List<Entry> built = List.of();
        String reason = null;
        if (!usable.isEmpty()) {
            try {
                m = Objects.requireNonNull(modelSupplier.get(), "the model supplier gave null");
            } catch (Exception | LinkageError e) {
                reason = e instanceof EmbeddingModels.UnavailableException ? e.getMessage() : EmbeddingModels.reason(e);
            }
            if (m != null) {
                try {
                    cache = VECTORS.get(m, k -> Caffeine.newBuilder().maximumSize(VECTORS_PER_MODEL).build());
                    built = embedEntries(usable, m, cache);
                } catch (Exception | LinkageError e) {
                    reason = "the embedding model failed on the names (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
                    m = null;
                    cache = null;
                    built = List.of();
                }
            }
            if (reason != null) {
                warnOnce(reason);
            }
        }
        this.model = m;
        this.vectors = cache;
        this.entries = built;
        this.idCount = (int) built.stream().map(Entry::id).distinct().count();
        this.unavailable = reason;
    }

    /**
     * The things or rooms {@code phrase} may name, best first: one per id (its best-matching name), only those with
     * a cosine similarity of at least {@link #THRESHOLD}, at most {@code max}. Empty for a blank phrase, a
     * {@code max} below 1, or a degraded linker. Never throws.
     */
    public List<Candidate> link(String phrase, int max) {
        return rank(phrase, THRESHOLD, max);
    }

    /** Whether the linker can link (the model loaded and embedded every name). */
    public boolean available() {
        return unavailable == null;
    }

    /** Why the linker finds nothing, if it is degraded. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailable);
    }

    /** How many names (entries with some text) the linker compares a phrase with. */
    public int size() {
        return entries.size();
    }

    /** Every id's best score for {@code phrase}, best first, whatever the threshold; empty if it cannot tell. */
    List<Candidate> scores(String phrase) {
        return rank(phrase, Double.NEGATIVE_INFINITY, Integer.MAX_VALUE);
    }

    private List<Candidate> rank(String phrase, double threshold, int max) {
        if (max < 1 || entries.isEmpty() || unavailable != null) {
            return List.of();
        }
        String text = Wording.normalise(phrase);
        if (text.isEmpty()) {
            return List.of();
        }
        float[] p;
        try {
            p = vectors.get(text, t -> model.embed(t).content().vector());
        } catch (Exception | LinkageError e) {
            // this phrase finds nothing; the next may work (the linker stays available)
            warnOnce("the embedding model failed on a phrase (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return List.of();
        }
        double pNorm = norm(p);
        double[] best = new double[idCount];
        int[] bestEntry = new int[idCount];
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            double score = cosine(p, pNorm, e.vector(), e.norm());
            if (score > best[e.idIndex()]) { // strict: on a tie the name given first stays
                best[e.idIndex()] = score;
                bestEntry[e.idIndex()] = i;
            }
        }
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < idCount; k++) {
            if (best[k] >= threshold) {
                kept.add(k);
            }
        }
        // best first; equal scores in the order the ids were first given
        kept.sort((a, b) -> best[a] != best[b] ? Double.compare(best[b], best[a]) : Integer.compare(a, b));
        int n = Math.min(max, kept.size());
        List<Candidate> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            Entry e = entries.get(bestEntry[kept.get(j)]);
            out.add(new Candidate(e.id(), e.text(), best[kept.get(j)]));
        }
        return out;
    }

    private static List<Entry> embedEntries(List<Named> names, EmbeddingModel model, Cache<String, float[]> cache) {
        List<String> texts = new ArrayList<>(names.size());
        List<String> missing = new ArrayList<>();
        Map<String, float[]> found = new LinkedHashMap<>();
        for (Named n : names) {
            String t = Wording.normalise(n.text());
            texts.add(t);
            if (!found.containsKey(t)) {
                float[] v = cache.getIfPresent(t);
                found.put(t, v);
                if (v == null) {
                    missing.add(t);
                }
            }
        }
        if (!missing.isEmpty()) {
            List<TextSegment> segments = new ArrayList<>(missing.size());
            for (String t : missing) {
                segments.add(TextSegment.from(t));
            }
            List<Embedding> embedded = model.embedAll(segments).content();
            if (embedded == null || embedded.size() != missing.size()) {
                throw new IllegalStateException("the model returned " + (embedded == null ? "no" : embedded.size())
                        + " embeddings for " + missing.size() + " names");
            }
            for (int i = 0; i < missing.size(); i++) {
                float[] v = embedded.get(i).vector();
                found.put(missing.get(i), v);
                cache.put(missing.get(i), v);
            }
        }
        List<Entry> out = new ArrayList<>(names.size());
        Map<String, Integer> idIndex = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            float[] v = found.get(texts.get(i));
            String id = names.get(i).id();
            int k = idIndex.computeIfAbsent(id, x -> idIndex.size());
            out.add(new Entry(id, k, names.get(i).text(), v, norm(v)));
        }
        return List.copyOf(out);
    }

    private void warnOnce(String reason) {
        if (warned.compareAndSet(false, true) && WARNED.add(reason)) {
            warn.accept("Name linking is off, phrases find no device or room by meaning: " + reason);
        } else {
            LOG.debug("Name linking is off: {}", reason);
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static double cosine(float[] a, double aNorm, float[] b, double bNorm) {
        if (a.length != b.length || aNorm == 0 || bNorm == 0) {
            return 0;
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (aNorm * bNorm);
    }
}
