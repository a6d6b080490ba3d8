package io.twingraph.engine.graph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.TDB2Factory;
import org.apache.jena.tdb2.sys.TDBInternal;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.LiveChange;
import io.twingraph.ontology.Graphs;
import io.twingraph.error.TwinGraphException;

/** The knowledge graph on TDB2. */
public final class TdbKnowledgeGraph implements KnowledgeGraph {
    private final Dataset dataset;
    private final Path directory;
    private volatile LiveValues values = LiveValues.EMPTY;
    private final AtomicLong generation = new AtomicLong();

    private TdbKnowledgeGraph(Dataset dataset, Path directory) {
        this.dataset = dataset;
        this.directory = directory;
        dataset.getContext().set(TDB2.symUnionDefaultGraph, true);
    }

    public static KnowledgeGraph open(Path directory) {
        try {
            Files.createDirectories(directory);
            return new TdbKnowledgeGraph(TDB2Factory.connectDataset(Location.create(directory)), directory);
        } catch (Exception e) {
            throw new TwinGraphException("graph:store.unavailable", TwinGraphException.Kind.UNAVAILABLE,
                    "Cannot open the knowledge graph at " + directory + ": " + e.getMessage(),
                    "Is another TwinGraph process using the same data directory?", e);
        }
    }

    public static KnowledgeGraph inMemory() {
        return new TdbKnowledgeGraph(TDB2Factory.createDataset(), null);
    }

    @Override
    public <T> T read(Function<Dataset, T> reader) {
        LiveValues snapshot = values;
        return Txn.calculateRead(dataset, () -> reader.apply(
                DatasetFactory.wrap(new LiveDatasetView(dataset.asDatasetGraph(), snapshot.asGraph()))));
    }

    @Override
    public void applyLive(LiveChange change) {
        if (change.touchesStructure()) {
            write(dsg -> {
                change.structureRemoved().forEach(t -> dsg.delete(Graphs.LIVE, t.getSubject(), t.getPredicate(), t.getObject()));
                change.structureAdded().forEach(t -> dsg.add(Graphs.LIVE, t.getSubject(), t.getPredicate(), t.getObject()));
            });
        }
        if (!change.valuesCleared().isEmpty() || !change.valuesSet().isEmpty()) {
            values = values.apply(change);
        }
    }

    @Override
    public void write(Consumer<DatasetGraph> writer) {
        Txn.executeWrite(dataset, () -> writer.accept(dataset.asDatasetGraph()));
        generation.incrementAndGet();
    }

    @Override
    public long generation() {
        return generation.get();
    }

    @Override
    public long importFile(Path file, Node graph, boolean replace) {
        if (!Files.isReadable(file)) {
            throw new TwinGraphException("graph:import.notfound", TwinGraphException.Kind.NOT_FOUND,
                    "Cannot read " + file, "Give the path of an RDF file (.ttl, .nt, .rdf, .jsonld, .trig, .nq).");
        }
        Lang lang = RDFLanguages.filenameToLang(file.toString());
        if (lang == null) {
            throw new TwinGraphException("graph:import.format", TwinGraphException.Kind.INVALID,
                    "Unknown RDF format for " + file.getFileName(), "Use a file ending in .ttl, .nt, .rdf, .jsonld, .trig or .nq.");
        }
        return load(RDFParser.source(file).lang(lang), lang, file.getFileName().toString(), graph, replace);
    }

    @Override
    public long importText(String text, Lang lang, Node graph, boolean replace) {
        return load(RDFParser.fromString(text, lang), lang, "the " + lang.getLabel() + " text", graph, replace);
    }

    private long load(org.apache.jena.riot.RDFParserBuilder parser, Lang lang, String what, Node graph, boolean replace) {
        // Parse into memory first so that a syntax error leaves the stored graph untouched.
        DatasetGraph parsed = DatasetGraphFactory.createTxnMem();
        try {
            StreamRDF sink = RDFLanguages.isQuads(lang) ? StreamRDFLib.dataset(parsed) : StreamRDFLib.graph(parsed.getGraph(graph));
            parser.parse(sink);
        } catch (RiotException e) {
            throw new TwinGraphException("graph:import.syntax", TwinGraphException.Kind.INVALID,
                    "Cannot parse " + what + ": " + e.getMessage(), "Fix the RDF and import it again.", e);
        }
        long[] count = {0};
        write(dsg -> {
            if (replace) {
                dsg.deleteAny(graph, Node.ANY, Node.ANY, Node.ANY);
            }
            parsed.find().forEachRemaining(q -> {
                Node g = q.isDefaultGraph() ? graph : q.getGraph();
                dsg.add(Quad.create(g, q.getSubject(), q.getPredicate(), q.getObject()));
                count[0]++;
            });
        });
        return count[0];
    }

    @Override
    public long size(Node graph) {
        return read(ds -> (long) ds.asDatasetGraph().getGraph(graph).size());
    }

    /**
     * Reclaims the space of old versions. TDB2 writes copy-on-write, so the files grow with every transaction until
     * compacted; compaction runs online and readers keep their snapshot. The old {@code Data-NNNN} directory is
     * deleted; on Linux its blocks are freed once its memory mappings go (at the latest when the JVM exits, see
     * apache/jena#3015).
     */
    @Override
    public void compact() {
        if (directory != null) {
            DatabaseMgr.compact(dataset.asDatasetGraph(), true);
        }
    }

    /** Size of the database files on disk, in bytes (0 in memory). */
    public long bytesOnDisk() {
        if (directory == null) {
            return 0;
        }
        try (var files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        dataset.close();
        // Release the location so that it can be opened again in this JVM (restarts, tests).
        TDBInternal.expel(dataset.asDatasetGraph());
    }
}
