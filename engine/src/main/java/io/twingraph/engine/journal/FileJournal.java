package io.twingraph.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.Delivery;

/**
 * The journal on disk: a directory of segment files named by their first sequence ({@code 00000000000000000001.journal}),
 * each an 8-byte header followed by records framed as {@code [int length][int CRC32C of body][body]}.
 *
 * <p>Why a file format of our own rather than a library: the whole need is "append a batch, fsync once, read back in
 * order, cut a torn tail, delete old files", which is ~300 lines on {@link FileChannel}. The MVStore we already ship
 * rewrites pages and needs compaction to give space back, and a journal map in the twin store's own file would make
 * every batch a full MVStore commit; Chronicle Queue (not in the stack) writes through memory-mapped files without a
 * per-batch fsync in its open-source edition and needs {@code --add-opens} flags on Java 17.
 *
 * <p>A batch is one positional write at the end of the active segment; {@link #sync()} is {@code force(false)}
 * (fdatasync, which also persists the file's new length). A segment is rolled once it reaches its size; a new
 * segment's header and directory entry are fsynced when it is created. A failed write is cut off again so the file
 * never keeps half a batch.
 */
final class FileJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);

    static final long DEFAULT_SEGMENT_BYTES = 16L * 1024 * 1024;
    static final byte[] MAGIC = "TGJRNL01".getBytes(StandardCharsets.US_ASCII);
    static final int FRAME_HEADER = 8;
    static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.journal");

    private final Path directory;
    private final long segmentBytes;
    /** First sequence -> segment file; guarded by this. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private volatile FileChannel active;
    private long activeFirst;
    private long activeSize;
    private boolean recovered;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

    private volatile long lastSequence;
    private volatile long committedSequence;
    private volatile long replayedAtStart;
    private volatile long fsyncs;
    private volatile long lastFsyncNanos;
    private volatile long totalFsyncNanos;
    private volatile long bytes;

    private FileJournal(Path directory, long segmentBytes) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
    }

    static FileJournal open(Path directory, long segmentBytes) {
        FileJournal journal = new FileJournal(directory, segmentBytes);
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                files.forEach(f -> {
                    Matcher m = SEGMENT_NAME.matcher(f.getFileName().toString());
                    if (m.matches()) {
                        journal.segments.put(Long.parseLong(m.group(1)), f);
                    }
                });
            }
        } catch (IOException e) {
            throw new TwinGraphException("engine:journal.unavailable", TwinGraphException.Kind.UNAVAILABLE,
                    "Cannot open the journal in " + directory + ": " + e.getMessage(),
                    "Check that the data directory exists and is writable.", e);
        }
        return journal;
    }

    @Override
    public synchronized long recover(long committed, Consumer<Delivery.MessageId> seen, Consumer<JournalEntry> replay) {
        if (recovered) {
            throw new IllegalStateException("the journal is recovered once, at start");
        }
        long last = 0;
        long replayed = 0;
        List<Long> firsts = new ArrayList<>(segments.keySet());
        for (int i = 0; i < firsts.size(); i++) {
            long first = firsts.get(i);
            Path file = segments.get(first);
            boolean newest = i == firsts.size() - 1;
            if (last > 0 && first <= last) {
                setAside(firsts.subList(i, firsts.size()), "segment " + file.getFileName() + " overlaps sequence " + last);
                break;
            }
            long missingFrom = Math.max(last, committed) + 1;
            if (first > missingFrom) {
                // segments are only deleted once the twin store has their entries; a hole above that is data lost
                LOG.error("Journal: entries {} to {} are missing (the twin store has committed up to {}); the changes "
                        + "in them are lost", missingFrom, first - 1, committed);
            }
            Scan scan = scan(file, first, committed, seen, replay);
            replayed += scan.replayed;
            if (scan.entries > 0) {
                last = scan.lastSequence;
            }
            if (!scan.end.clean()) {
                cut(file, scan.end, newest, scan.entries > 0 ? scan.lastSequence : first - 1);
                if (!newest) {
                    setAside(firsts.subList(i + 1, firsts.size()), "entries after the damage in "
                            + file.getFileName() + " cannot be replayed in order");
                    newest = true;
                }
            }
            if (scan.entries == 0) {
                delete(file); // nothing in it; the next append starts a fresh segment
                segments.remove(first);
            }
            if (newest) {
                break;
            }
        }
        lastSequence = Math.max(last, committed);
        committedSequence = committed;
        replayedAtStart = replayed;
        recovered = true;
        try {
            // append to the newest segment only if it ends right before the next entry; otherwise start a new one
            if (!segments.isEmpty() && last == lastSequence) {
                Map.Entry<Long, Path> newest = segments.lastEntry();
                active = FileChannel.open(newest.getValue(), StandardOpenOption.WRITE);
                activeFirst = newest.getKey();
                activeSize = active.size();
            }
        } catch (IOException e) {
            throw unavailable(e);
        }
        bytes = sizeOfSegments();
        return replayed;
    }

    private static final class Scan {
        long entries;
        long replayed;
        long lastSequence;
        SegmentReader.End end;
    }

    private Scan scan(Path file, long first, long committed, Consumer<Delivery.MessageId> seen,
                      Consumer<JournalEntry> replay) {
        Scan scan = new Scan();
        try (SegmentReader reader = SegmentReader.open(file)) {
            long expected = first;
            while (true) {
                long start = reader.position();
                ByteBuffer body = reader.next();
                if (body == null) {
                    break;
                }
                EntryCodec.Header header;
                JournalEntry entry = null;
                try {
                    header = EntryCodec.decodeHeader(body);
                    if (header.sequence() > committed) {
                        entry = EntryCodec.decode(body);
                    }
                } catch (IllegalArgumentException e) {
                    reader.reject(start, "a record does not decode: " + e.getMessage());
                    break;
                }
                if (header.sequence() != expected) {
                    reader.reject(start, "sequence " + header.sequence() + " where " + expected + " was due");
                    break;
                }
                expected++;
                scan.entries++;
                scan.lastSequence = header.sequence();
                if (entry == null) {
                    if (header.messageId() != null) {
                        seen.accept(header.messageId());
                    }
                } else {
                    replay.accept(entry);
                    scan.replayed++;
                }
            }
            scan.end = reader.end();
        } catch (IOException e) {
            throw unavailable(e);
        }
        return scan;
    }

    /** Cuts a segment after its last good record, saying so; a crash while writing leaves such a tail. */
    private void cut(Path file, SegmentReader.End end, boolean newest, long lastGood) {
        try {
            long size = Files.size(file);
            if (newest) {
                LOG.warn("Journal: cut off {} bytes at the end of {} after sequence {}: {} (a crash in the middle of a "
                        + "write leaves this; those bytes were never acknowledged)", size - end.goodBytes(),
                        file.getFileName(), lastGood, end.problem());
            } else {
                LOG.error("Journal: {} is damaged at byte {} after sequence {}: {}; the {} bytes from there are cut off",
                        file.getFileName(), end.goodBytes(), lastGood, end.problem(), size - end.goodBytes());
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(end.goodBytes());
                channel.force(true);
            }
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /** Renames later segments to {@code *.damaged}: kept for inspection, never replayed. */
    private void setAside(List<Long> firsts, String why) {
        for (Long first : List.copyOf(firsts)) {
            Path file = segments.remove(first);
            Path aside = file.resolveSibling(file.getFileName() + ".damaged");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw unavailable(e);
            }
            LOG.error("Journal: {} set aside as {}: {}", file.getFileName(), aside.getFileName(), why);
        }
    }

    @Override
    public long lastSequence() {
        return lastSequence;
    }

    @Override
    public synchronized void write(List<JournalEntry> entries) {
        if (!recovered) {
            throw new IllegalStateException("recover the journal before appending to it");
        }
        if (entries.isEmpty()) {
            return;
        }
        checkNumbering(entries, lastSequence);
        try {
            if (active == null || activeSize >= segmentBytes) {
                roll(entries.get(0).sequence());
            }
            ByteBuffer out = frames(entries);
            long at = activeSize;
            try {
                while (out.hasRemaining()) {
                    at += active.write(out, at);
                }
            } catch (IOException e) {
                // never leave half a batch in the file: the next write would go after it
                active.truncate(activeSize);
                throw e;
            }
            bytes += at - activeSize;
            activeSize = at;
            lastSequence = entries.get(entries.size() - 1).sequence();
        } catch (IOException e) {
            throw new TwinGraphException("engine:journal.write", TwinGraphException.Kind.UNAVAILABLE,
                    "Cannot write the journal in " + directory + ": " + e.getMessage(),
                    "Check free disk space and the permissions of the data directory; nothing was accepted.", e);
        }
    }

    /**
     * Not synchronized: it runs on the sync thread while the writer applies the batch, and must not hold up
     * {@link #release} or {@link #stats}. The writer never writes (or rolls) while a sync is under way.
     */
    @Override
    public void sync() {
        FileChannel channel = active;
        if (channel == null) {
            return;
        }
        try {
            long start = System.nanoTime();
            channel.force(false);
            long took = System.nanoTime() - start;
            lastFsyncNanos = took;
            totalFsyncNanos += took;
            fsyncs++;
        } catch (IOException e) {
            throw new TwinGraphException("engine:journal.sync", TwinGraphException.Kind.UNAVAILABLE,
                    "Cannot force the journal in " + directory + " to disk: " + e.getMessage(),
                    "The disk failed; what was written last may not be durable. Restart TwinGraph once the disk is sound.", e);
        }
    }

    static void checkNumbering(List<JournalEntry> entries, long lastSequence) {
        long expected = lastSequence + 1;
        for (JournalEntry e : entries) {
            if (e.sequence() != expected) {
                throw new IllegalArgumentException("journal entry " + e.sequence() + " where " + expected + " was due");
            }
            expected++;
        }
    }

    private ByteBuffer frames(List<JournalEntry> entries) {
        ByteBuffer out = buffer;
        out.clear();
        CRC32C crc = new CRC32C();
        for (JournalEntry entry : entries) {
            out = EntryCodec.room(out, FRAME_HEADER);
            int frameStart = out.position();
            out.position(frameStart + FRAME_HEADER);
            out = EntryCodec.encode(entry, out);
            int length = out.position() - frameStart - FRAME_HEADER;
            if (length > MAX_RECORD_BYTES) {
                throw new TwinGraphException("engine:journal.too-large", TwinGraphException.Kind.INVALID,
                        "A command of " + length + " bytes is too large to journal.", "Send smaller things.");
            }
            crc.reset();
            crc.update(out.array(), out.arrayOffset() + frameStart + FRAME_HEADER, length);
            out.putInt(frameStart, length);
            out.putInt(frameStart + 4, (int) crc.getValue());
        }
        buffer = out.capacity() <= (1 << 24) ? out : ByteBuffer.allocate(1 << 16); // don't hold on to a huge one
        return out.flip();
    }

    private void roll(long firstSequence) throws IOException {
        if (active != null) {
            active.close();
            active = null;
        }
        Path file = directory.resolve(String.format("%020d.journal", firstSequence));
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("segment " + file.getFileName() + " exists already", e);
        }
        channel.write(ByteBuffer.wrap(MAGIC), 0);
        channel.force(true);
        syncDirectory(); // the new file's name must survive a power cut as well as its content
        segments.put(firstSequence, file);
        active = channel;
        activeFirst = firstSequence;
        activeSize = MAGIC.length;
        bytes += MAGIC.length;
    }

    @Override
    public synchronized void release(long committed) {
        committedSequence = Math.max(committedSequence, committed);
        List<Long> firsts = new ArrayList<>(segments.keySet());
        // segment i holds sequences [firsts[i], firsts[i+1]); keep the newest two whatever they hold
        for (int i = 0; i + 2 < firsts.size(); i++) {
            if (firsts.get(i + 1) - 1 > committed) {
                break;
            }
            Path file = segments.remove(firsts.get(i));
            long size = sizeOf(file);
            delete(file);
            bytes -= size;
        }
    }

    @Override
    public synchronized JournalRedaction redact(long committed, Predicate<JournalEntry> erase) {
        long replaced = 0;
        long kept = 0;
        int rewritten = 0;
        for (Map.Entry<Long, Path> segment : List.copyOf(segments.entrySet())) {
            Rewrite r = rewrite(segment.getValue(), committed, erase);
            kept += r.keptUncommitted;
            if (r.replaced == 0) {
                continue;
            }
            boolean isActive = active != null && segment.getKey() == activeFirst;
            try {
                if (isActive) {
                    active.close(); // reopened on the new file below
                    active = null;
                }
                Path tmp = segment.getValue().resolveSibling(segment.getValue().getFileName() + ".rewrite");
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer all = r.content.flip();
                    while (all.hasRemaining()) {
                        out.write(all);
                    }
                    out.force(true);
                }
                long before = sizeOf(segment.getValue());
                Files.move(tmp, segment.getValue(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory();
                long after = sizeOf(segment.getValue());
                bytes += after - before;
                if (isActive) {
                    active = FileChannel.open(segment.getValue(), StandardOpenOption.WRITE);
                    activeSize = after;
                }
            } catch (IOException e) {
                throw new TwinGraphException("engine:journal.redact", TwinGraphException.Kind.UNAVAILABLE,
                        "Cannot rewrite the journal segment " + segment.getValue() + ": " + e.getMessage(),
                        "Check free disk space and the permissions of the data directory, then erase again.", e);
            }
            replaced += r.replaced;
            rewritten++;
        }
        if (replaced > 0 || kept > 0) {
            LOG.info("Journal: {} entries erased in {} segments{}", replaced, rewritten,
                    kept > 0 ? "; " + kept + " selected entries kept, not yet in the twin store" : "");
        }
        return new JournalRedaction(replaced, kept, rewritten);
    }

    /** A segment's content with the selected entries replaced; {@code replaced == 0}: leave the file alone. */
    private static final class Rewrite {
        ByteBuffer content = ByteBuffer.allocate(1 << 16);
        long replaced;
        long keptUncommitted;
    }

    /**
     * Reads a whole segment and frames its records again, each selected entry as a placeholder. Records that do not
     * decode cannot be judged and are copied as they are; so is anything after a damaged frame (recovery cut such
     * tails at start, so this is only a guard).
     */
    private Rewrite rewrite(Path file, long committed, Predicate<JournalEntry> erase) {
        Rewrite r = new Rewrite();
        r.content.put(MAGIC);
        try (SegmentReader reader = SegmentReader.open(file)) {
            ByteBuffer body;
            while ((body = reader.next()) != null) {
                ByteBuffer record = body;
                JournalEntry entry = null;
                try {
                    entry = EntryCodec.decode(body);
                } catch (IllegalArgumentException e) {
                    LOG.warn("Journal: a record of {} does not decode and is kept as it is: {}", file.getFileName(), e.getMessage());
                }
                if (entry != null && !JournalRedaction.isPlaceholder(entry) && erase.test(entry)) {
                    if (entry.sequence() <= committed) {
                        record = EntryCodec.encode(JournalRedaction.placeholder(entry), ByteBuffer.allocate(256)).flip();
                        r.replaced++;
                    } else {
                        r.keptUncommitted++;
                    }
                }
                r.content = frame(record, r.content);
            }
            long good = reader.end().goodBytes();
            long size = Files.size(file);
            if (good < size && r.replaced > 0) {
                byte[] tail = new byte[(int) (size - good)];
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    in.read(ByteBuffer.wrap(tail), good);
                }
                r.content = EntryCodec.room(r.content, tail.length);
                r.content.put(tail);
            }
        } catch (IOException e) {
            throw unavailable(e);
        }
        return r;
    }

    /** Appends {@code [length][CRC32C][body]} to {@code out}, growing it as needed. */
    private static ByteBuffer frame(ByteBuffer body, ByteBuffer out) {
        int length = body.remaining();
        out = EntryCodec.room(out, FRAME_HEADER + length);
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        out.putInt(length);
        out.putInt((int) crc.getValue());
        out.put(body.duplicate());
        return out;
    }

    @Override
    public JournalStats stats() {
        long n = fsyncs;
        return new JournalStats(true, lastSequence, committedSequence, replayedAtStart, n, lastFsyncNanos / 1000,
                n == 0 ? 0 : totalFsyncNanos / n / 1000, segmentCount(), bytes);
    }

    private synchronized int segmentCount() {
        return segments.size();
    }

    @Override
    public synchronized void close() {
        if (active != null) {
            try {
                active.close();
            } catch (IOException e) {
                LOG.warn("Closing the journal: {}", e.getMessage());
            }
            active = null;
        }
    }

    /** The active segment's first sequence (for tests). */
    synchronized long activeFirst() {
        return activeFirst;
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the file's own fsync still holds its content
            LOG.debug("Cannot fsync the journal directory: {}", e.getMessage());
        }
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Journal: cannot delete {}: {}", file, e.getMessage());
        }
    }

    private long sizeOfSegments() {
        return segments.values().stream().mapToLong(FileJournal::sizeOf).sum();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private TwinGraphException unavailable(IOException e) {
        return new TwinGraphException("engine:journal.unavailable", TwinGraphException.Kind.UNAVAILABLE,
                "Cannot read the journal in " + directory + ": " + e.getMessage(),
                "Check that the data directory is readable and writable.", e);
    }
}
