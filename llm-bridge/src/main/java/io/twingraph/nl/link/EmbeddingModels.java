package io.twingraph.nl.link;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one in-process sentence embedding model of the application: all-MiniLM-L6-v2, quantised (384 dimensions, ONNX
 * Runtime, no network), loaded on the first call of {@link #shared()} (1-2 s) and the same instance afterwards. Safe
 * from any thread: concurrent first callers wait for the one load. A load that fails (typically a native library
 * that cannot be loaded) is remembered and not tried again: {@link #shared()} then throws
 * {@link UnavailableException} at once, with the reason, which {@link #failure()} also gives.
 */
public final class EmbeddingModels {

    /** The name of the system property or environment variable that DJL reads for its cache folder. */
    public static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";
    /** Where the model's native tokenizer library goes when neither the user nor the caller chose a folder. */
    public static final String DEFAULT_DJL_SUBDIR = "twingraph-djl";
    /** The model, as named in logs and failure reasons. */
    public static final String MODEL_NAME = "all-MiniLM-L6-v2 (quantised, in-process ONNX)";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingModels.class);
    private static final Holder SHARED =
            new Holder(() -> new AllMiniLmL6V2QuantizedEmbeddingModel(embeddingExecutor()));

    private EmbeddingModels() {
    }

    /** The shared model could not be loaded; the message gives the reason. */
    public static final class UnavailableException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        UnavailableException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * The shared model, loading it on the first call. If neither a {@code DJL_CACHE_DIR} system property nor such an
     * environment variable is set, the native library goes to {@code ${java.io.tmpdir}/twingraph-djl}.
     *
     * @throws UnavailableException if the model could not be loaded (now or on an earlier call), naming the reason
     */
    public static EmbeddingModel shared() {
        return shared(null);
    }

    /**
     * The shared model, as {@link #shared()}; {@code djlCacheDir} is the folder for DJL's native library if the user
     * has set none ({@code null}: {@code ${java.io.tmpdir}/twingraph-djl}). Only the first load looks at it.
     *
     * @throws UnavailableException if the model could not be loaded (now or on an earlier call), naming the reason
     */
    public static EmbeddingModel shared(Path djlCacheDir) {
        return SHARED.get(djlCacheDir);
    }

    /** Why the shared model could not be loaded, if it was tried and failed. */
    public static Optional<String> failure() {
        return SHARED.failure();
    }

    /** How long the shared model took to load, once it has loaded. */
    static Optional<Duration> loadTime() {
        return SHARED.loadTime();
    }

    /** Loads the model once, on the first {@link #get}; remembers a failure and does not try again. */
    static final class Holder {
        private final Supplier<EmbeddingModel> loader;
        private final Object lock = new Object();
        private volatile EmbeddingModel model;
        private volatile String failure;
        private volatile Duration loadTime;

        Holder(Supplier<EmbeddingModel> loader) {
            this.loader = loader;
        }

        EmbeddingModel get(Path djlCacheDir) {
            EmbeddingModel m = model;
            if (m != null) {
                return m;
            }
            synchronized (lock) {
                if (model != null) {
                    return model;
                }
                if (failure != null) {
                    throw new UnavailableException(failure, null);
                }
                Path cacheDir = chooseDjlCacheDir(djlCacheDir, System.getenv(), System.getProperties());
                long start = System.nanoTime();
                Thread thread = Thread.currentThread();
                ClassLoader previous = thread.getContextClassLoader();
                // the model's class initialiser reads its .onnx and tokenizer files through the context class
                // loader, which on a server or pool thread may be one that cannot see our jars (or null)
                thread.setContextClassLoader(EmbeddingModels.class.getClassLoader());
                try {
                    m = Objects.requireNonNull(loader.get(), "the model loader gave null");
                } catch (Exception | LinkageError e) {
                    failure = reason(e);
                    LOG.debug("Loading {} failed", MODEL_NAME, e);
                    throw new UnavailableException(failure, e);
                } finally {
                    thread.setContextClassLoader(previous);
                }
                loadTime = Duration.ofNanos(System.nanoTime() - start);
                LOG.info("Loaded the embedding model {} in {} ms (DJL cache {})", MODEL_NAME, loadTime.toMillis(),
                        cacheDir);
                model = m;
                return m;
            }
        }

        Optional<String> failure() {
            return Optional.ofNullable(failure);
        }

        Optional<Duration> loadTime() {
            return Optional.ofNullable(loadTime);
        }
    }

    /**
     * Makes sure DJL (which the model uses for its Rust tokenizer) has a cache folder and returns it. DJL extracts a
     * native library (~8 MB) to {@code DJL_CACHE_DIR}, read from the environment first and then from the system
     * properties, and without either to {@code ~/.djl.ai}. We do not want a server writing into the home folder of
     * whoever runs it (a service account's may be read-only or shared, and a developer's fills with caches from every
     * run), so when the user has chosen nothing we set the system property to {@code preferred}, or to
     * {@code ${java.io.tmpdir}/twingraph-djl}: always writable, ours alone, and safe to wipe (the library is simply
     * extracted again). A folder the user has chosen is always kept.
     *
     * @return the folder DJL will use
     */
    static Path chooseDjlCacheDir(Path preferred, Map<String, String> env, Properties properties) {
        String chosen = env.get(DJL_CACHE_DIR);
        if (chosen == null || chosen.isEmpty()) {
            chosen = properties.getProperty(DJL_CACHE_DIR);
        }
        if (chosen != null && !chosen.isEmpty()) {
            return Path.of(chosen);
        }
        Path dir = preferred != null
                ? preferred
                : Path.of(properties.getProperty("java.io.tmpdir", System.getProperty("java.io.tmpdir")),
                        DEFAULT_DJL_SUBDIR);
        properties.setProperty(DJL_CACHE_DIR, dir.toString());
        return dir;
    }

    /** A readable reason for a failed load: the innermost cause's type and message (class initialisers wrap them). */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return "the embedding model " + MODEL_NAME + " could not be loaded (" + root.getClass().getSimpleName()
                + message + ")";
    }

    /**
     * Threads for batch embedding ({@code embedAll} splits a batch over them): daemon threads, so the model never
     * keeps the JVM alive, that end when idle.
     */
    private static Executor embeddingExecutor() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "twingraph-embed-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
