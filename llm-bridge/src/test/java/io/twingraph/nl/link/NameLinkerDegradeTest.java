package io.twingraph.nl.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A model that cannot load or fails: linking finds nothing, one warning says why, nothing is thrown. */
class NameLinkerDegradeTest {

    @Test
    void aModelThatCannotLoadDegradesWithOneWarning() {
        String why = "no onnxruntime in java.library.path " + UUID.randomUUID();
        List<String> warnings = new ArrayList<>();
        Supplier<EmbeddingModel> failing = () -> {
            throw new UnsatisfiedLinkError(why);
        };

        NameLinker linker = new NameLinker(TypicalHome.names(), failing, warnings::add);

        assertThat(linker.available()).isFalse();
        assertThat(linker.unavailableReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("UnsatisfiedLinkError").contains(why).contains("all-MiniLM-L6-v2"));
        for (int i = 0; i < 5; i++) {
            assertThat(linker.link("telly", 5)).isEmpty();
        }
        assertThat(linker.link("", 5)).isEmpty();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains(why);

        // the home is rebuilt: same reason, no second warning
        NameLinker again = new NameLinker(TypicalHome.names(), failing, warnings::add);
        assertThat(again.link("fridge", 5)).isEmpty();
        assertThat(warnings).hasSize(1);
    }

    @Test
    void aFailedClassInitialiserIsNamedByItsCause() {
        String why = "libtokenizers.so: cannot open shared object file " + UUID.randomUUID();
        List<String> warnings = new ArrayList<>();
        NameLinker linker = new NameLinker(TypicalHome.names(), () -> {
            throw new ExceptionInInitializerError(new IllegalStateException(why));
        }, warnings::add);
        assertThat(linker.link("lamp in the lounge", 3)).isEmpty();
        assertThat(linker.unavailableReason()).hasValueSatisfying(r -> assertThat(r)
                .contains("IllegalStateException: " + why));
        assertThat(warnings).hasSize(1);
    }

    @Test
    void theSharedModelsReasonIsPassedOnAsItIs() {
        String why = "the embedding model X could not be loaded (" + UUID.randomUUID() + ")";
        List<String> warnings = new ArrayList<>();
        NameLinker linker = new NameLinker(TypicalHome.names(), () -> {
            throw new EmbeddingModels.UnavailableException(why, null);
        }, warnings::add);
        assertThat(linker.unavailableReason()).hasValue(why);
        assertThat(warnings).singleElement().asString().endsWith(why);
    }

    @Test
    void aModelFailingOnTheNamesDegrades() {
        List<String> warnings = new ArrayList<>();
        String why = "ORT session failed " + UUID.randomUUID();
        NameLinker linker = new NameLinker(TypicalHome.names(), () -> new Fake(() -> {
            throw new IllegalArgumentException(why);
        }), warnings::add);
        assertThat(linker.available()).isFalse();
        assertThat(linker.link("telly", 3)).isEmpty();
        assertThat(warnings).singleElement().asString().contains(why);
    }

    @Test
    void aModelFailingOnAPhraseFindsNothingForItAndStaysUp() {
        List<String> warnings = new ArrayList<>();
        AtomicInteger call = new AtomicInteger();
        String why = "phrase failure " + UUID.randomUUID();
        NameLinker linker = new NameLinker(List.of(new Named("a", "Kitchen light")), () -> new Fake(() -> {
            if (call.incrementAndGet() > 1) {
                throw new IllegalStateException(why);
            }
            return null;
        }), warnings::add);
        assertThat(linker.available()).isTrue();
        assertThatCode(() -> {
            assertThat(linker.link("telly", 3)).isEmpty();
            assertThat(linker.link("fridge", 3)).isEmpty();
        }).doesNotThrowAnyException();
        assertThat(linker.available()).isTrue();
        assertThat(warnings).singleElement().asString().contains(why);
    }

    @Test
    void noNamesNeedNoModel() {
        AtomicInteger asked = new AtomicInteger();
        NameLinker linker = new NameLinker(List.of(), () -> {
            asked.incrementAndGet();
            throw new UnsatisfiedLinkError("never");
        }, w -> { });
        assertThat(asked.get()).isZero();
        assertThat(linker.available()).isTrue();
        assertThat(linker.link("telly", 3)).isEmpty();
    }

    @Test
    void theLogIsTheDefaultWarningPlace() {
        String why = "logged " + UUID.randomUUID();
        assertThatCode(() -> new NameLinker(TypicalHome.names(), () -> {
            throw new UnsatisfiedLinkError(why);
        }, null).link("telly", 1)).doesNotThrowAnyException();
    }

    /** A model that embeds every text as the same unit vector, after {@code before} (which may throw). */
    private static final class Fake implements EmbeddingModel {
        private final Supplier<Object> before;

        Fake(Supplier<Object> before) {
            this.before = before;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            before.get();
            List<Embedding> out = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                out.add(Embedding.from(new float[] {1f, 0f}));
            }
            return Response.from(out);
        }
    }
}
