package io.twingraph.engine.journal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads one segment's records in order, checking each frame: length within bounds and within the file, CRC32C of the
 * body. It stops at the first frame that fails and says why, with the offset of the last good byte, so the caller can
 * cut the file there.
 */
final class SegmentReader implements AutoCloseable {
    /** What ended the reading of a segment: its good length and, when it is not a clean end, the reason. */
    record End(long goodBytes, String problem) {
        boolean clean() {
            return problem == null;
        }
    }

    private final InputStream in;
    private final long size;
    private long position;
    private String problem;

    private SegmentReader(InputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    /** Opens the segment and checks its header; a file too short for it reads as having no records. */
    static SegmentReader open(Path file) throws IOException {
        long size = Files.size(file);
        SegmentReader reader = new SegmentReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), size);
        reader.readHeader();
        return reader;
    }

    private void readHeader() throws IOException {
        byte[] magic = new byte[FileJournal.MAGIC.length];
        int n = in.readNBytes(magic, 0, magic.length);
        if (n < magic.length) {
            problem = "the segment header is incomplete (" + n + " of " + magic.length + " bytes)";
            return;
        }
        if (!Arrays.equals(magic, FileJournal.MAGIC)) {
            problem = "not a TwinGraph journal segment (unknown header)";
            return;
        }
        position = magic.length;
    }

    /** The next record's body, or null at the end of the good records (see {@link #end()}). */
    ByteBuffer next() throws IOException {
        if (problem != null || position == size) {
            return null;
        }
        long start = position;
        if (size - start < FileJournal.FRAME_HEADER) {
            problem = "a record header is cut short (" + (size - start) + " bytes)";
            return null;
        }
        int length = readInt();
        int crc = readInt();
        if (length <= 0 || length > FileJournal.MAX_RECORD_BYTES || length > size - start - FileJournal.FRAME_HEADER) {
            problem = "a record's length " + length + " does not fit the " + (size - start - FileJournal.FRAME_HEADER)
                    + " bytes left";
            position = start;
            return null;
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            problem = "a record is cut short";
            position = start;
            return null;
        }
        CRC32C check = new CRC32C();
        check.update(body);
        if ((int) check.getValue() != crc) {
            problem = "a record's CRC32C does not match its content";
            position = start;
            return null;
        }
        position = start + FileJournal.FRAME_HEADER + length;
        return ByteBuffer.wrap(body);
    }

    /** Marks the record just read as unusable (its content did not decode): the good part ends before it. */
    void reject(long recordStart, String why) {
        problem = why;
        position = recordStart;
    }

    /** Where the last good record ends, and why reading stopped (null at a clean end of file). */
    End end() {
        return new End(position, problem);
    }

    /** Offset of the next record. */
    long position() {
        return position;
    }

    private int readInt() throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw new EOFException();
        }
        return ByteBuffer.wrap(b).getInt();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
