package io.twingraph.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code import} and {@code query} on a data directory no server runs on: they open the graph themselves. */
class ImportQueryCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void anImportedModelIsThereForTheNextQuery(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path model = Files.writeString(dir.resolve("rooms.ttl"), """
                @prefix brick: <https://brickschema.org/schema/Brick#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                <https://example.org/site/kitchen> a brick:Room ; rdfs:label "Kitchen" .
                <https://example.org/site/hall> a brick:Room ; rdfs:label "Hall" .
                """, StandardCharsets.UTF_8);

        assertThat(run("import", "--data", data.toString(), model.toString())).isZero();
        assertThat(out.toString()).contains("Imported 4 triples").contains(data.toString());

        out.getBuffer().setLength(0);
        assertThat(run("query", "--data", data.toString(), "--format", "csv",
                "SELECT ?name WHERE { ?room a brick:Room ; rdfs:label ?name } ORDER BY ?name")).isZero();
        assertThat(out.toString().lines()).containsExactly("name", "Hall", "Kitchen");
    }

    @Test
    void aFileOfUnknownFormatIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("rooms.txt"), "not rdf", StandardCharsets.UTF_8);

        assertThat(run("import", "--data", dir.resolve("data").toString(), model.toString())).isNotZero();
        assertThat(err.toString()).contains("cannot tell the RDF format").contains("rooms.txt");
    }
}
