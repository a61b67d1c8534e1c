package dev.selfheal.receiver.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal file: order, positions, segments, the torn tail a kill leaves, corruption, the lock. */
class JournalFileTest {

    @TempDir
    Path dir;

    private static byte[] record(int i) {
        return ("webhook-" + i + "-" + "x".repeat(i % 7 * 10)).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<JournalFile.Entry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(JournalFile.SUFFIX)).sorted().toList();
        }
    }

    @Test
    void recordsComeBackInOrderAcrossSegmentsWithContiguousPositions() throws IOException {
        List<String> written = new ArrayList<>();
        try (JournalFile journal = JournalFile.open(dir, 256, 0, true)) {
            for (int i = 0; i < 40; i += 4) {
                List<byte[]> group = List.of(record(i), record(i + 1), record(i + 2), record(i + 3));
                group.forEach(r -> written.add(new String(r, StandardCharsets.UTF_8)));
                long end = journal.append(group);
                assertThat(end).isEqualTo(journal.end());
            }
            assertThat(segmentFiles().size()).isGreaterThan(3);
            List<JournalFile.Entry> all = journal.read(0, 1000, Long.MAX_VALUE);
            assertThat(texts(all)).isEqualTo(written);
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).position()).isEqualTo(all.get(i - 1).next());
            }
            assertThat(all.get(all.size() - 1).next()).isEqualTo(journal.end());
            // reading on from any record's position gives the rest
            JournalFile.Entry middle = all.get(17);
            assertThat(texts(journal.read(middle.position(), 1000, Long.MAX_VALUE))).isEqualTo(written.subList(17, 40));
            assertThat(journal.read(middle.position(), 3, Long.MAX_VALUE)).hasSize(3);
            assertThat(journal.read(journal.end(), 10, Long.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void reopeningKeepsEveryRecordAndAppendsAfterThem() throws IOException {
        long end;
        try (JournalFile journal = JournalFile.open(dir, 1 << 20, 0, true)) {
            end = journal.append(List.of(record(1), record(2)));
        }
        try (JournalFile journal = JournalFile.open(dir, 1 << 20, 0, true)) {
            assertThat(journal.end()).isEqualTo(end);
            journal.append(List.of(record(3)));
            assertThat(texts(journal.read(0, 10, Long.MAX_VALUE))).containsExactly(
                    new String(record(1), StandardCharsets.UTF_8), new String(record(2), StandardCharsets.UTF_8),
                    new String(record(3), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aTornWriteAtTheEndIsCutOffOnOpenAndNothingBeforeItIsLost() throws IOException {
        long end;
        try (JournalFile journal = JournalFile.open(dir, 1 << 20, 0, true)) {
            end = journal.append(List.of(record(1), record(2), record(3)));
        }
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        // a kill in the middle of a write: a header that promises more than is there
        Files.write(last, ByteBuffer.allocate(12).putInt(500).putInt(42).putInt(7).array(), StandardOpenOption.APPEND);
        try (JournalFile journal = JournalFile.open(dir, 1 << 20, 0, true)) {
            assertThat(journal.end()).isEqualTo(end);
            assertThat(Files.size(last)).isEqualTo(end);
            assertThat(journal.read(0, 10, Long.MAX_VALUE)).hasSize(3);
            journal.append(List.of(record(4)));
            assertThat(texts(journal.read(0, 10, Long.MAX_VALUE))).hasSize(4)
                    .last().isEqualTo(new String(record(4), StandardCharsets.UTF_8));
        }
        // a whole frame whose checksum does not match is cut off too
        byte[] payload = record(9);
        Files.write(last, ByteBuffer.allocate(8 + payload.length).putInt(payload.length).putInt(JournalFile.crc(payload) ^ 1)
                .put(payload).array(), StandardOpenOption.APPEND);
        try (JournalFile journal = JournalFile.open(dir, 1 << 20, 0, true)) {
            assertThat(journal.read(0, 10, Long.MAX_VALUE)).hasSize(4);
        }
    }

    @Test
    void aCorruptRecordInAFinishedSegmentSaysWhereReadingCanGoOn() throws IOException {
        try (JournalFile journal = JournalFile.open(dir, 128, 0, true)) {
            for (int i = 0; i < 12; i++) {
                journal.append(List.of(record(i)));
            }
        }
        List<Path> files = segmentFiles();
        byte[] first = Files.readAllBytes(files.get(0));
        first[first.length - 1] ^= 0x55; // the last payload byte of the first segment
        Files.write(files.get(0), first);
        try (JournalFile journal = JournalFile.open(dir, 128, 0, true)) {
            long secondStart = Long.parseLong(files.get(1).getFileName().toString().replace(JournalFile.SUFFIX, ""));
            assertThatThrownBy(() -> journal.read(0, 100, Long.MAX_VALUE))
                    .isInstanceOfSatisfying(JournalFile.CorruptRecordException.class,
                            e -> assertThat(e.skipTo()).isEqualTo(secondStart));
            assertThat(journal.read(secondStart, 100, Long.MAX_VALUE)).isNotEmpty();
        }
    }

    @Test
    void segmentsBehindAPositionAreDeletedButNeverTheOneBeingWritten() throws IOException {
        try (JournalFile journal = JournalFile.open(dir, 128, 0, true)) {
            for (int i = 0; i < 12; i++) {
                journal.append(List.of(record(i)));
            }
            int before = segmentFiles().size();
            List<JournalFile.Entry> all = journal.read(0, 100, Long.MAX_VALUE);
            JournalFile.Entry sixth = all.get(5);
            journal.deleteBefore(sixth.next());
            assertThat(segmentFiles().size()).isLessThan(before);
            assertThat(journal.start()).isLessThanOrEqualTo(sixth.next());
            assertThat(journal.read(sixth.next(), 100, Long.MAX_VALUE)).hasSize(6);
            journal.deleteBefore(journal.end());
            assertThat(segmentFiles()).hasSize(1);
            journal.append(List.of(record(99)));
            assertThat(journal.read(all.get(11).next(), 10, Long.MAX_VALUE)).hasSize(1);
        }
    }

    @Test
    void anEmptyJournalStartsAtTheCheckpointSoPositionsNeverGoBack() throws IOException {
        try (JournalFile journal = JournalFile.open(dir, 1 << 20, 5000, true)) {
            assertThat(journal.start()).isEqualTo(5000);
            assertThat(journal.end()).isEqualTo(5000);
            journal.append(List.of(record(1)));
            assertThat(journal.read(0, 10, Long.MAX_VALUE)).singleElement()
                    .satisfies(e -> assertThat(e.position()).isEqualTo(5000));
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
        try (JournalFile journal = JournalFile.open(dir, 1 << 20, 0, true)) {
            assertThatThrownBy(() -> JournalFile.open(dir, 1 << 20, 0, true)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
        }
        JournalFile.open(dir, 1 << 20, 0, true).close(); // released with the first
    }

    @Test
    void preallocatedSegmentsHoldTheSameRecordsAcrossRollsAndReopens() throws IOException {
        List<String> written = new ArrayList<>();
        try (JournalFile journal = JournalFile.open(dir, 4096, 0, true, true)) {
            assertThat(Files.size(segmentFiles().get(0))).isEqualTo(4096);
            for (int i = 0; i < 200; i++) {
                journal.append(List.of(record(i)));
                written.add(new String(record(i), StandardCharsets.UTF_8));
            }
            assertThat(segmentFiles().size()).isGreaterThan(2);
            assertThat(segmentFiles()).allSatisfy(f -> assertThat(Files.size(f)).isEqualTo(4096));
            assertThat(texts(journal.read(0, 1000, Long.MAX_VALUE))).isEqualTo(written);
        }
        try (JournalFile journal = JournalFile.open(dir, 4096, 0, true, true)) {
            assertThat(texts(journal.read(0, 1000, Long.MAX_VALUE))).isEqualTo(written);
            journal.append(List.of(record(200)));
            written.add(new String(record(200), StandardCharsets.UTF_8));
            assertThat(texts(journal.read(0, 1000, Long.MAX_VALUE))).isEqualTo(written);
        }
    }

    @Test
    void aTornWriteInAPreallocatedSegmentIsZeroedOnOpenAndNothingBeforeItIsLost() throws IOException {
        long end;
        try (JournalFile journal = JournalFile.open(dir, 1 << 16, 0, true, true)) {
            end = journal.append(List.of(record(1), record(2), record(3)));
        }
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        // a kill in the middle of a write: a header that promises more than is there, and a stray page after it
        try (var channel = java.nio.channels.FileChannel.open(last, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(12).putInt(500).putInt(42).putInt(7).flip(), end);
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}), end + 5000);
        }
        try (JournalFile journal = JournalFile.open(dir, 1 << 16, 0, true, true)) {
            assertThat(journal.end()).isEqualTo(end);
            assertThat(journal.read(0, 10, Long.MAX_VALUE)).hasSize(3);
            byte[] rest = Files.readAllBytes(last);
            for (long i = end; i < rest.length; i++) {
                assertThat(rest[(int) i]).as("byte %d", i).isZero();
            }
            journal.append(List.of(record(4)));
        }
        try (JournalFile journal = JournalFile.open(dir, 1 << 16, 0, true, true)) {
            assertThat(texts(journal.read(0, 10, Long.MAX_VALUE))).hasSize(4)
                    .last().isEqualTo(new String(record(4), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anEmptyRecordIsRefusedSinceAZeroLengthEndsASegment() throws IOException {
        try (JournalFile journal = JournalFile.open(dir, 1 << 16, 0, true, true)) {
            assertThatThrownBy(() -> journal.append(List.of(new byte[0]))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void twoWritersSyncingInTurnLoseNothingAndEveryAppendIsDurableWhenItReturns() throws Exception {
        try (JournalFile journal = JournalFile.open(dir, 1024, 0, true, true)) {
            java.util.concurrent.ConcurrentLinkedQueue<String> written = new java.util.concurrent.ConcurrentLinkedQueue<>();
            Runnable writer = () -> {
                for (int i = 0; i < 300; i++) {
                    byte[] r = (Thread.currentThread().getName() + "-" + i).getBytes(StandardCharsets.UTF_8);
                    try {
                        long end = journal.append(List.of(r));
                        assertThat(journal.end()).isGreaterThanOrEqualTo(end);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    written.add(new String(r, StandardCharsets.UTF_8));
                }
            };
            Thread a = new Thread(writer, "a");
            Thread b = new Thread(writer, "b");
            a.start();
            b.start();
            a.join();
            b.join();
            List<JournalFile.Entry> all = journal.read(0, 10_000, Long.MAX_VALUE);
            assertThat(texts(all)).containsExactlyInAnyOrderElementsOf(written);
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).position()).isEqualTo(all.get(i - 1).next());
            }
            assertThat(segmentFiles().size()).isGreaterThan(2);
        }
    }
}
