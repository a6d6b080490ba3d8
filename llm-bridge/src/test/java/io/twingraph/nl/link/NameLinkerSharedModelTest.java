package io.twingraph.nl.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared model ({@link EmbeddingModels}) and where DJL puts its native library. */
class NameLinkerSharedModelTest {

    @Test
    void oneInstanceForEveryThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<EmbeddingModel>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tasks.add(EmbeddingModels::shared);
            }
            List<Future<EmbeddingModel>> results = pool.invokeAll(tasks);
            EmbeddingModel first = results.get(0).get();
            for (Future<EmbeddingModel> f : results) {
                assertThat(f.get()).isSameAs(first);
            }
            assertThat(EmbeddingModels.shared()).isSameAs(first);
            assertThat(first.dimension()).isEqualTo(384);
            assertThat(EmbeddingModels.failure()).isEmpty();
            assertThat(EmbeddingModels.loadTime()).isPresent();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedLoadIsRememberedAndNotTriedAgain() {
        AtomicInteger loads = new AtomicInteger();
        EmbeddingModels.Holder holder = new EmbeddingModels.Holder(() -> {
            loads.incrementAndGet();
            throw new ExceptionInInitializerError(new UnsatisfiedLinkError("libonnxruntime.so: no such file"));
        });
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> holder.get(null))
                    .isInstanceOf(EmbeddingModels.UnavailableException.class)
                    .hasMessageContaining("could not be loaded (UnsatisfiedLinkError: libonnxruntime.so: no such file)");
        }
        assertThat(loads.get()).isEqualTo(1);
        assertThat(holder.failure()).hasValueSatisfying(r -> assertThat(r).contains("libonnxruntime.so"));
        assertThat(holder.loadTime()).isEmpty();

        // and a linker on such a model degrades with that reason
        List<String> warnings = new ArrayList<>();
        NameLinker linker = new NameLinker(TypicalHome.names(), () -> holder.get(null), warnings::add);
        assertThat(linker.link("telly", 3)).isEmpty();
        assertThat(linker.unavailableReason()).isEqualTo(holder.failure());
        assertThat(loads.get()).isEqualTo(1);
    }

    @Test
    void aLoadedModelIsLoadedOnce() {
        AtomicInteger loads = new AtomicInteger();
        EmbeddingModel model = EmbeddingModels.shared();
        EmbeddingModels.Holder holder = new EmbeddingModels.Holder(() -> {
            loads.incrementAndGet();
            return model;
        });
        assertThat(holder.get(null)).isSameAs(model);
        assertThat(holder.get(null)).isSameAs(model);
        assertThat(loads.get()).isEqualTo(1);
        assertThat(holder.loadTime()).isPresent();
    }

    @Test
    void theNativeLibraryGoesToTheChosenFolder() throws Exception {
        EmbeddingModels.shared();
        String set = System.getenv(EmbeddingModels.DJL_CACHE_DIR);
        Path dir = Path.of(set != null && !set.isEmpty() ? set : System.getProperty(EmbeddingModels.DJL_CACHE_DIR));
        assertThat(dir).isDirectory();
        try (var files = Files.walk(dir)) {
            assertThat(files.anyMatch(p -> p.getFileName().toString().startsWith("libtokenizers"))).isTrue();
        }
    }

    @Test
    void djlCacheDirKeepsTheUsersChoice() {
        Properties props = new Properties();
        props.setProperty("java.io.tmpdir", "/tmp/x");
        assertThat(EmbeddingModels.chooseDjlCacheDir(null, Map.of("DJL_CACHE_DIR", "/env/djl"), props))
                .isEqualTo(Path.of("/env/djl"));
        assertThat(props.getProperty("DJL_CACHE_DIR")).isNull();

        props.setProperty("DJL_CACHE_DIR", "/prop/djl");
        assertThat(EmbeddingModels.chooseDjlCacheDir(Path.of("/caller"), Map.of(), props))
                .isEqualTo(Path.of("/prop/djl"));
        assertThat(props.getProperty("DJL_CACHE_DIR")).isEqualTo("/prop/djl");
    }

    @Test
    void djlCacheDirDefaultsToTheCallersFolderOrTmp() {
        Properties props = new Properties();
        props.setProperty("java.io.tmpdir", "/tmp/x");
        assertThat(EmbeddingModels.chooseDjlCacheDir(null, Map.of("DJL_CACHE_DIR", ""), props))
                .isEqualTo(Path.of("/tmp/x", "twingraph-djl"));
        assertThat(props.getProperty("DJL_CACHE_DIR")).isEqualTo(Path.of("/tmp/x", "twingraph-djl").toString());

        Properties other = new Properties();
        assertThat(EmbeddingModels.chooseDjlCacheDir(Path.of("/caller/djl"), Map.of(), other))
                .isEqualTo(Path.of("/caller/djl"));
        assertThat(other.getProperty("DJL_CACHE_DIR")).isEqualTo("/caller/djl");
    }
}
