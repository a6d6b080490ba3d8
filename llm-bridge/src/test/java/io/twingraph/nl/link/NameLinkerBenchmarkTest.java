package io.twingraph.nl.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prints what linking costs here (not a timed assertion: machines differ): the model's load, embedding the names of a
 * home, a new phrase and a repeated one.
 */
class NameLinkerBenchmarkTest {

    @Test
    void printCosts() {
        long start = System.nanoTime();
        EmbeddingModels.shared();
        double firstCallMs = (System.nanoTime() - start) / 1e6;
        long loadMs = EmbeddingModels.loadTime().orElseThrow().toMillis();

        List<Named> names = new ArrayList<>();
        for (int copy = 0; copy < 6; copy++) {
            for (Named n : TypicalHome.names()) {
                names.add(new Named(n.id() + "#" + copy, copy == 0 ? n.text() : n.text() + " " + copy));
            }
        }
        CountingModel model = new CountingModel(EmbeddingModels.shared()); // its own, empty, cache
        start = System.nanoTime();
        NameLinker linker = new NameLinker(names, () -> model, null);
        double buildMs = (System.nanoTime() - start) / 1e6;

        for (int i = 0; i < 20; i++) {
            linker.link("warm up " + i, 5);
        }
        int n = 200;
        start = System.nanoTime();
        int found = 0;
        for (int i = 0; i < n; i++) {
            found += linker.link("the lamp number " + i + " in the lounge", 5).size();
        }
        double newMs = (System.nanoTime() - start) / 1e6 / n;
        int repeats = 10 * n;
        start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            found += linker.link("the lamp number " + (i % n) + " in the lounge", 5).size();
        }
        double cachedMs = (System.nanoTime() - start) / 1e6 / repeats;

        System.out.printf("NameLinker benchmark: model load %d ms (this class's first shared() call %.0f ms); "
                        + "%d names embedded in %.0f ms (%.2f ms/name); new phrase %.2f ms; repeated phrase %.4f ms "
                        + "(%d names compared, %d cores)%n",
                loadMs, firstCallMs, linker.size(), buildMs, buildMs / linker.size(), newMs, cachedMs, linker.size(),
                Runtime.getRuntime().availableProcessors());
        assertThat(found).isPositive();
    }
}
