package io.modelgate.spectra.formats;

import io.modelgate.TestFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static io.modelgate.spectra.formats.SpectrumTestText.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpectrumFilesTest {

    @Test
    void streamsMassbankPositiveAndCountsSpectraAndPeaksAsItsReadmeDoes() throws IOException {
        assertCounts("massbank/massbank_ms2_positive.mgf", 39_335, 1_220_609, "positive");
    }

    @Test
    void streamsMassbankNegativeAndCountsSpectraAndPeaksAsItsReadmeDoes() throws IOException {
        assertCounts("massbank/massbank_ms2_negative.mgf", 14_960, 320_881, "negative");
    }

    private static void assertCounts(String file, long spectra, long peaks, String ionmode) throws IOException {
        AtomicLong peakCount = new AtomicLong();
        AtomicLong inMode = new AtomicLong();
        AtomicLong withPrecursor = new AtomicLong();
        Set<String> ids = new HashSet<>();
        long count = SpectrumFiles.read(TestFolders.dataDir().resolve(file), spectrum -> {
            peakCount.addAndGet(spectrum.peakCount());
            if (ionmode.equals(spectrum.ionmode())) {
                inMode.incrementAndGet();
            }
            if (spectrum.precursorMz() != null && spectrum.precursorMz() > 0) {
                withPrecursor.incrementAndGet();
            }
            ids.add(spectrum.get("spectrum_id"));
        });
        assertEquals(spectra, count);
        assertEquals(peaks, peakCount.get());
        assertEquals(spectra, inMode.get());
        assertEquals(spectra, withPrecursor.get(), "the README's filter keeps only positive precursor m/z");
        assertEquals(spectra, ids.size(), "one SPECTRUMID per spectrum");
    }

    @Test
    void theFirstMassbankSpectrumReadsExactly() throws IOException {
        try (SpectrumReader reader = SpectrumFiles.open(TestFolders.dataDir().resolve(
                "massbank/massbank_ms2_positive.mgf"))) {
            Spectrum first = reader.next();
            assertEquals("MSBNK-AAFC-AC000001", first.get("spectrum_id"));
            assertEquals(179.0697, first.precursorMz());
            assertEquals("Mellein", first.get("compound_name"));
            assertEquals("[M+H]+", first.get("adduct"), "PRECURSOR_TYPE is matchms' adduct");
            assertEquals("1", first.get("charge"));
            assertEquals("10(NCE)", first.get("collision_energy"));
            assertEquals(5, first.peakCount());
            assertEquals(133.0648, first.mz()[0]);
            assertEquals(21905.33203125, first.intensities()[0]);
            assertEquals(72563.875, first.intensities()[4]);
        }
    }

    @Test
    void picksTheFormatByExtension() {
        assertEquals(Optional.of(SpectrumFiles.Format.MGF), SpectrumFiles.formatOf("a.MGF"));
        assertEquals(Optional.of(SpectrumFiles.Format.MSP), SpectrumFiles.formatOf("lib.msp"));
        assertEquals(Optional.empty(), SpectrumFiles.formatOf("spectra.txt"));
    }

    @Test
    void picksTheFormatByContentWhenTheNameSaysNothing(@TempDir Path dir) throws IOException {
        Path mgf = dir.resolve("upload-1.txt");
        Path msp = dir.resolve("upload-2");
        Files.writeString(mgf, "\uFEFF# header\r\nbegin ions\r\n1 2\r\nEND IONS\r\n", StandardCharsets.UTF_8);
        Files.writeString(msp, fixture("nist.msp"), StandardCharsets.UTF_8);
        try (SpectrumReader reader = SpectrumFiles.open(mgf)) {
            assertInstanceOf(MgfReader.class, reader);
            assertEquals(1, SpectrumTestText.readAll(reader).size());
        }
        try (SpectrumReader reader = SpectrumFiles.open(msp)) {
            assertInstanceOf(MspReader.class, reader);
            assertEquals(4, SpectrumTestText.readAll(reader).size());
        }
        assertEquals(SpectrumFiles.Format.MSP, SpectrumFiles.detect(
                new BufferedReader(new StringReader(fixture("gnps.msp"))), "body"));
        SpectrumReader fromBody = SpectrumFiles.open(new StringReader(fixture("edge-cases.mgf")), "request body", 10);
        assertEquals(4, SpectrumTestText.readAll(fromBody).size());
        var e = assertThrows(SpectrumFormatException.class,
                () -> SpectrumFiles.open(new StringReader("hello\nworld\n"), "request body", 10));
        assertEquals("request body: cannot tell the format: neither MGF (no BEGIN IONS line) nor MSP"
                + " (no Name: or Num Peaks: line) in the first 65536 characters", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void malformedUtf8IsReplacedNotFatal(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.mgf");
        byte[] start = "BEGIN IONS\nTITLE=caf".getBytes(StandardCharsets.US_ASCII);
        byte[] end = "\n1 2\nEND IONS\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[start.length + 1 + end.length];
        System.arraycopy(start, 0, bytes, 0, start.length);
        bytes[start.length] = (byte) 0xE9;
        System.arraycopy(end, 0, bytes, start.length + 1, end.length);
        Files.write(file, bytes);
        List<Spectrum> spectra = new ArrayList<>();
        assertEquals(1, SpectrumFiles.read(file, spectra::add));
        assertEquals("caf\uFFFD", spectra.get(0).get("title"));
    }

    @Test
    void aMalformedFileNamesItselfInTheMessage(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("spectra.mgf");
        StringBuilder text = new StringBuilder("BEGIN IONS\nPEPMASS=100\n");
        for (int i = 0; i < 14; i++) {
            text.append(10 + i).append(" 1\n");
        }
        text.append("abc 1\nEND IONS\n");
        Files.writeString(file, text);
        var e = assertThrows(SpectrumFormatException.class, () -> SpectrumFiles.read(file, spectrum -> { }));
        assertEquals("spectra.mgf line 17: peak m/z \"abc\" is not a number", e.getMessage());
    }

    @Test
    void streamClosesTheReader() {
        var closed = new boolean[1];
        var text = new StringReader("BEGIN IONS\n1 2\nEND IONS\nBEGIN IONS\n3 4\nEND IONS\n") {
            @Override
            public void close() {
                closed[0] = true;
                super.close();
            }
        };
        try (var stream = new MgfReader(text, "t").stream()) {
            assertEquals(2, stream.count());
        }
        assertTrue(closed[0]);
    }
}
