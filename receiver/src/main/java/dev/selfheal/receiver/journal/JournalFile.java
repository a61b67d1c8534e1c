package dev.selfheal.receiver.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * An append-only file of records, in segments, each record framed as
 * {@code [payload length: int][CRC32C of payload: int][payload]}. A position is a byte offset
 * over all segments (a segment is named after the position it starts at), so positions only
 * grow. {@link #append} writes a group of records and (unless opened without fsync) forces them
 * to the disk before it returns: what it returned for survives a process kill and a power cut. On open, a torn or corrupt tail
 * of the last segment (a write the kill interrupted, never acknowledged) is cut off. One process
 * at a time: the directory is locked.
 */
public final class JournalFile implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JournalFile.class);
    static final int HEADER = 8;
    static final String SUFFIX = ".journal";
    /** Larger than any webhook the receiver accepts (32 MB at most) with its header. */
    static final int MAX_PAYLOAD = 64 * 1024 * 1024;

    /** A record read back: where it starts, where the next one starts, and its payload. */
    public record Entry(long position, long next, byte[] payload) {
    }

    /** A record that fails its checksum where the journal was written completely. */
    public static final class CorruptRecordException extends IOException {
        private final long position;
        private final long skipTo;

        CorruptRecordException(long position, long skipTo) {
            super("journal record at position " + position + " is corrupt");
            this.position = position;
            this.skipTo = skipTo;
        }

        public long position() {
            return position;
        }

        /** Where reading can go on: the next segment (the rest of this one cannot be framed). */
        public long skipTo() {
            return skipTo;
        }
    }

    private final Path dir;
    private final long segmentBytes;
    private final boolean fsync;
    private final boolean preallocate;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Segment start position → file; the last one is being written. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private FileChannel writer;
    private long writerBase;
    private long writeEnd;
    private volatile long durableEnd;

    /** The next segment, zero-filled and synced ahead of need by a background thread (preallocate mode). */
    private CompletableFuture<Path> spare;
    private volatile boolean closed;
    /** Held while forcing a segment, and by a segment roll while it closes one. */
    private final Object syncLock = new Object();

    private JournalFile(Path dir, long segmentBytes, boolean fsync, boolean preallocate, FileChannel lockChannel,
                        FileLock lock) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.preallocate = preallocate;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (or creates) the journal in {@code dir}. An empty journal starts at {@code startIfEmpty},
     * so positions never go back below a checkpoint kept elsewhere. With {@code fsync}, each append
     * is forced to the disk before it returns; without, it is written (a process kill keeps it,
     * a power cut may not).
     */
    public static JournalFile open(Path dir, long segmentBytes, long startIfEmpty, boolean fsync) throws IOException {
        return open(dir, segmentBytes, startIfEmpty, fsync, false);
    }

    /**
     * As {@link #open(Path, long, long, boolean)}; with {@code preallocate}, each segment is
     * created full size and zero-filled (the next one ahead of need, in the background), so that
     * an append overwrites blocks that already exist and the fsync after it has no file-system
     * metadata to commit. On ext4 (data=ordered) a metadata commit also writes every other file's
     * newly allocated dirty data, such as the database's, which is what made a plain append's
     * fsync slow. A zero length ends a segment's records.
     */
    public static JournalFile open(Path dir, long segmentBytes, long startIfEmpty, boolean fsync, boolean preallocate)
            throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this process already
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the journal in " + dir + " is in use by another process");
        }
        JournalFile journal = new JournalFile(dir, segmentBytes, fsync, preallocate, lockChannel, lock);
        try {
            journal.recover(startIfEmpty);
        } catch (IOException | RuntimeException e) {
            journal.close();
            throw e;
        }
        return journal;
    }

    private void recover(long startIfEmpty) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(p -> {
                String name = p.getFileName().toString();
                segments.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), p);
            });
        }
        Path leftSpare = dir.resolve(SPARE);
        if (preallocate && Files.exists(leftSpare) && Files.size(leftSpare) == segmentBytes) {
            spare = CompletableFuture.completedFuture(leftSpare); // a whole one: keep it
        } else {
            Files.deleteIfExists(leftSpare); // one being made when the last process stopped
        }
        if (segments.isEmpty()) {
            openWriter(Math.max(0, startIfEmpty));
            return;
        }
        Map.Entry<Long, Path> last = segments.lastEntry();
        long valid = validLength(last.getValue());
        long size = Files.size(last.getValue());
        writer = FileChannel.open(last.getValue(), StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (valid < size && !preallocate) {
            LOG.warnf("journal: cut off %d bytes of an unfinished write at the end of %s (never acknowledged)",
                    size - valid, last.getValue().getFileName());
            writer.truncate(valid);
            writer.force(true);
        } else if (valid < size && zeroFrom(writer, valid) > 0) {
            LOG.warnf("journal: zeroed an unfinished write after %d bytes of %s (never acknowledged)",
                    valid, last.getValue().getFileName());
        }
        prepareSpare();
        writer.position(valid);
        writerBase = last.getKey();
        writeEnd = writerBase + valid;
        durableEnd = writeEnd;
    }

    /** The length of the longest run of whole, checksummed records at the start of the file. */
    private static long validLength(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long offset = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (offset + HEADER <= size) {
                header.clear();
                readFully(in, header, offset);
                int length = header.getInt(0);
                int crc = header.getInt(4);
                if (length <= 0 || length > MAX_PAYLOAD || offset + HEADER + length > size) {
                    break; // a zero length is the preallocated rest of a segment
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(in, payload, offset + HEADER);
                if (crc(payload.array()) != crc) {
                    break;
                }
                offset += HEADER + length;
            }
            return offset;
        }
    }

    /** Writes zeros over every non-zero 1 MiB chunk from {@code from} to the end; the bytes changed. */
    private static long zeroFrom(FileChannel channel, long from) throws IOException {
        long size = channel.size();
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
        long changed = 0;
        for (long at = from; at < size; at += chunk.capacity()) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), size - at));
            readFully(channel, chunk, at);
            boolean clean = true;
            for (int i = 0; i < chunk.limit() && clean; i++) {
                clean = chunk.get(i) == 0;
            }
            if (!clean) {
                zeros.clear().limit(chunk.limit());
                while (zeros.hasRemaining()) {
                    channel.write(zeros, at + zeros.position());
                }
                changed += chunk.limit();
            }
        }
        if (changed > 0) {
            channel.force(true);
        }
        return changed;
    }

    static final String SPARE = "spare.tmp";
    /** Pause between the spare's MiB writes: 64 MiB in about a second and a half, gently. */
    static final long SPARE_PAUSE_MILLIS = 20;

    /** A zero-filled, synced file of one segment's size, written at once (when a segment is needed now). */
    private static Path zeroFilled(Path file, long bytes) throws IOException {
        return zeroFilled(file, bytes, 0, () -> false);
    }

    /**
     * A zero-filled, synced file of one segment's size. With a pause, it is written and synced a
     * MiB at a time with that pause in between (the background spare): a 64 MiB write forced at
     * once would sit in the disk's queue in front of the journal's own fsync and show in the
     * webhooks' p99. It gives up once {@code stop} says so.
     */
    private static Path zeroFilled(Path file, long bytes, long pauseMillis, BooleanSupplier stop) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
            for (long at = 0; at < bytes; at += zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - at));
                while (zeros.hasRemaining()) {
                    out.write(zeros, at + zeros.position());
                }
                if (stop.getAsBoolean()) {
                    throw new IOException("the journal was closed while " + file + " was being made");
                }
                if (pauseMillis > 0) {
                    out.force(false);
                    try {
                        Thread.sleep(pauseMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while preallocating " + file, e);
                    }
                }
            }
            out.force(true);
        }
        return file;
    }

    /** Starts making the next segment in the background (preallocate mode). */
    private void prepareSpare() {
        if (!preallocate || spare != null) {
            return;
        }
        Path file = dir.resolve(SPARE);
        spare = CompletableFuture.supplyAsync(() -> {
            try {
                return zeroFilled(file, segmentBytes, SPARE_PAUSE_MILLIS, () -> closed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> {
            Thread t = new Thread(task, "intake-journal-preallocate");
            t.setDaemon(true);
            t.start();
        });
    }

    /** A new segment file: the spare when it is ready, else made now (preallocate), else empty. */
    private Path newSegment(Path file) throws IOException {
        if (!preallocate) {
            return file;
        }
        CompletableFuture<Path> ready = spare;
        spare = null;
        if (ready != null) {
            try {
                Files.move(ready.join(), file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return file;
            } catch (RuntimeException | IOException e) {
                LOG.warnf("journal: the preallocated segment could not be used (%s); making one now", e.getMessage());
                Files.deleteIfExists(dir.resolve(SPARE));
            }
        }
        return zeroFilled(file, segmentBytes);
    }

    private void openWriter(long base) throws IOException {
        Path file = newSegment(dir.resolve(String.format("%020d%s", base, SUFFIX)));
        writer = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        writer.position(0);
        segments.put(base, file);
        writerBase = base;
        writeEnd = base;
        durableEnd = base;
        forceDirectory();
        prepareSpare();
    }

    /** A new file's directory entry is forced too, or a power cut could lose the whole file. */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot open a directory; the file's own force is what they offer
        }
    }

    /** Appends the payloads in order (forced to the disk when so opened); the position after the last. */
    public long append(List<byte[]> payloads) throws IOException {
        long end = write(payloads);
        sync(end);
        return end;
    }

    /**
     * Writes the payloads in order without forcing them; the position after the last. Several
     * threads may write and {@link #sync} in turn: while one waits for its sync, the next group is
     * written, and one sync covers every group written before it.
     */
    public synchronized long write(List<byte[]> payloads) throws IOException {
        for (byte[] payload : payloads) {
            if (payload.length > MAX_PAYLOAD || payload.length == 0) {
                throw new IllegalArgumentException("a journal record holds 1 to " + MAX_PAYLOAD + " bytes");
            }
            long frame = HEADER + (long) payload.length;
            if (writeEnd > writerBase && writeEnd - writerBase + frame > segmentBytes) {
                synchronized (syncLock) { // no sync may hold the segment being closed
                    force(writer);
                    durableEnd = writeEnd;
                    writer.close();
                }
                openWriter(writeEnd);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) frame);
            buffer.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
            while (buffer.hasRemaining()) {
                writer.write(buffer);
            }
            writeEnd += frame;
        }
        return writeEnd;
    }

    /** Forces everything written up to {@code upTo} (and whatever else was written) to the disk. */
    public void sync(long upTo) throws IOException {
        if (durableEnd >= upTo) {
            return;
        }
        long target;
        FileChannel current;
        synchronized (this) {
            target = writeEnd;
            current = writer;
        }
        synchronized (syncLock) {
            if (durableEnd >= upTo) {
                return; // a sync or a segment roll that covered it finished meanwhile
            }
            force(current);
            durableEnd = Math.max(durableEnd, target);
        }
    }

    private void force(FileChannel channel) throws IOException {
        if (fsync) {
            channel.force(false);
        }
    }

    /** Records from {@code from} on, at most {@code maxRecords} and about {@code maxBytes} of payload. */
    public List<Entry> read(long from, int maxRecords, long maxBytes) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long end = durableEnd;
        long position = Math.max(from, start());
        long bytes = 0;
        while (position < end && entries.size() < maxRecords && bytes < maxBytes) {
            Map.Entry<Long, Path> segment;
            Long next;
            synchronized (this) {
                segment = segments.floorEntry(position);
                next = segments.higherKey(position);
            }
            if (segment == null) {
                break;
            }
            long segmentEnd = next == null ? end : next;
            if (position >= segmentEnd) {
                position = next == null ? end : next;
                continue;
            }
            try (FileChannel in = FileChannel.open(segment.getValue(), StandardOpenOption.READ)) {
                ByteBuffer header = ByteBuffer.allocate(HEADER);
                while (position < segmentEnd && entries.size() < maxRecords && bytes < maxBytes) {
                    long offset = position - segment.getKey();
                    header.clear();
                    readFully(in, header, offset);
                    int length = header.getInt(0);
                    if (length <= 0 || length > MAX_PAYLOAD || position + HEADER + length > segmentEnd) {
                        throw new CorruptRecordException(position, segmentEnd);
                    }
                    ByteBuffer payload = ByteBuffer.allocate(length);
                    readFully(in, payload, offset + HEADER);
                    if (crc(payload.array()) != header.getInt(4)) {
                        throw new CorruptRecordException(position, segmentEnd);
                    }
                    long after = position + HEADER + length;
                    entries.add(new Entry(position, after, payload.array()));
                    bytes += length;
                    position = after;
                }
            }
        }
        return entries;
    }

    /** The first position still on disk. */
    public synchronized long start() {
        return segments.firstKey();
    }

    /** The position after the last record forced to the disk. */
    public long end() {
        return durableEnd;
    }

    /** Whether {@link #deleteBefore} would delete a segment for this position. */
    public synchronized boolean deletable(long position) {
        if (segments.size() < 2) {
            return false;
        }
        return segments.higherKey(segments.firstKey()) <= position;
    }

    /** Deletes the segments that end at or before {@code position} (never the one being written). */
    public int deleteBefore(long position) {
        List<Path> doomed = new ArrayList<>();
        synchronized (this) {
            while (segments.size() > 1) {
                Long second = segments.higherKey(segments.firstKey());
                if (second > position) {
                    break;
                }
                doomed.add(segments.pollFirstEntry().getValue());
            }
        }
        for (Path file : doomed) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return doomed.size();
    }

    /** Bytes on disk in all segments. */
    public synchronized long diskBytes() {
        return writeEnd - segments.firstKey();
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (spare != null) {
            try {
                spare.get(10, java.util.concurrent.TimeUnit.SECONDS); // stops within a MiB once closed
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // a spare that was not finished is deleted below, as the next open would
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Path left = dir.resolve(SPARE);
            if (Files.exists(left) && Files.size(left) != segmentBytes) {
                Files.deleteIfExists(left); // unfinished; a whole spare is kept for the next open
            }
        }
        try {
            if (writer != null) {
                writer.close();
            }
        } finally {
            if (lock.isValid()) {
                lock.release();
            }
            lockChannel.close();
        }
    }

    private static void readFully(FileChannel in, ByteBuffer buffer, long offset) throws IOException {
        while (buffer.hasRemaining()) {
            int n = in.read(buffer, offset + buffer.position());
            if (n < 0) {
                throw new IOException("journal file ends early at " + (offset + buffer.position()));
            }
        }
    }

    static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }
}
