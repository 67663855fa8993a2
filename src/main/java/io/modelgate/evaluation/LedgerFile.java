package io.modelgate.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files store's ledger, {@code <results>/ledger.jsonl}: one JSON line per finished run (complete or
 * incomplete; an incomplete run resumed to completion gets a second line), only ever appended. Each
 * row is written with one write and forced to disk; a row cut short by a crash is skipped when the
 * ledger is read, and the next row starts on a line of its own, so nothing before it is lost.
 */
final class LedgerFile implements LedgerStore {

    private static final ObjectMapper JSON = ResultsJson.MAPPER;
    private static final Logger LOG = Logger.getLogger(LedgerFile.class);

    private final Path file;

    LedgerFile(Path resultsDir) {
        this.file = resultsDir.resolve("ledger.jsonl");
    }

    @Override
    public synchronized void append(RunRecord row) {
        try {
            Files.createDirectories(file.getParent());
            byte[] line = (JSON.writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                if (channel.size() > 0 && !endsWithNewline()) {
                    channel.write(ByteBuffer.wrap(new byte[]{'\n'}));
                }
                channel.write(ByteBuffer.wrap(line));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the ledger " + file, e);
        }
    }

    /** Every complete row, oldest first. */
    @Override
    public synchronized List<RunRecord> rows() {
        List<RunRecord> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try {
            // Decoded leniently (malformed bytes become U+FFFD): a row cut short inside a character, or one bad
            // byte anywhere, costs that line only, never the whole ledger.
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rows.add(JSON.readValue(line, RunRecord.class));
                } catch (IOException e) {
                    LOG.warnf("ledger %s line %d is not a complete row (a write cut short?); skipping it", file, i + 1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger " + file, e);
        }
        return rows;
    }

    private boolean endsWithNewline() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() == 0) {
                return true;
            }
            raf.seek(raf.length() - 1);
            return raf.read() == '\n';
        }
    }
}
