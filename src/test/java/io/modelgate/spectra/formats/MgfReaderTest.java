package io.modelgate.spectra.formats;

import io.modelgate.TestFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.modelgate.spectra.formats.SpectrumTestText.fixture;
import static io.modelgate.spectra.formats.SpectrumTestText.readMgf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MgfReaderTest {

    @Test
    void readsTheFirstPesticideSpectrumAsMatchmsNamesIt() throws Exception {
        Path file = TestFolders.dataDir().resolve("ms2deepscore/pesticides_processed.mgf");
        List<Spectrum> spectra = SpectrumTestText.readAll(SpectrumFiles.open(file));

        assertEquals(76, spectra.size());
        Spectrum first = spectra.get(0);
        assertEquals(183.057, first.precursorMz());
        assertEquals("negative", first.ionmode());
        assertEquals("UYJUZNLFJAWNEZ-UHFFFAOYSA-N", first.get("inchikey"));
        assertEquals("CCMSLIB00001058235", first.get("spectrum_id"));
        assertEquals(70.786774, first.mz()[0]);
        assertEquals(0.0007471592824649794, first.intensities()[0]);
        // COMPOUND_NAME is matchms' own name, so it wins over the alias NAME.
        assertEquals("Pesticide6_Fuberidazole_C11H8N2O_2-(2-Furyl)-1H-benzimidazole", first.get("compound_name"));
        assertEquals("C1=CC=C2C(=C1)NC(=N2)C3=CC=CO3", first.get("smiles"));
        assertEquals("InChI=1S/C11H8N2O/c1-2-5-9-8(4-1)12-11(13-9)10-6-3-7-14-10/h1-7H,(H,12,13)", first.get("inchi"));
        assertEquals("-1", first.get("charge"));
        assertEquals("M-H", first.get("adduct"));
        assertEquals("Pesticide_Mix6_neg.mzXML", first.get("file_name"));
        assertEquals("lfnothias", first.get("data_collector"));
        assertEquals("n/a", first.get("pubmed"));
        assertNull(first.get("inchiaux"), "N/A means missing, as in matchms");
        assertNull(first.get("tags"), "an empty value means missing");
        assertNull(first.get("pepmass"));
        assertNull(first.get("precursor_mz"));
        assertTrue(spectra.stream().allMatch(s -> "negative".equals(s.ionmode())));
        for (Spectrum spectrum : spectra) {
            for (int i = 1; i < spectrum.peakCount(); i++) {
                assertTrue(spectrum.mz()[i - 1] <= spectrum.mz()[i]);
            }
        }
    }

    @Test
    void readsTheEdgeCaseFixture() {
        List<Spectrum> spectra = readMgf(fixture("edge-cases.mgf"));
        assertEquals(4, spectra.size());

        Spectrum unsorted = spectra.get(0);
        assertArrayEquals(new double[]{100.0, 150.5, 200.0}, unsorted.mz());
        assertArrayEquals(new double[]{10.0, 20.0, 30.0}, unsorted.intensities());
        assertEquals(250.5, unsorted.precursorMz());
        assertEquals("positive", unsorted.ionmode());
        assertEquals(Map.of("title", "unsorted peaks, tabs, an annotation, keys with spaces around =, trailing spaces",
                "precursor_intensity", "1200.0", "spectrum_id", "fixture-1", "com", "hand-written fixture",
                "charge", "1"), unsorted.metadata());

        Spectrum duplicates = spectra.get(1);
        assertArrayEquals(new double[]{100.0, 110.0, 110.0}, duplicates.mz());
        assertArrayEquals(new double[]{1.0, 5.0, 7.0}, duplicates.intensities());
        assertEquals("negative", duplicates.ionmode());
        assertEquals("-2", duplicates.get("charge"), "the spectrum's CHARGE overrides the header's");
        assertEquals("matchms name", duplicates.get("compound_name"));

        Spectrum empty = spectra.get(2);
        assertEquals(0, empty.peakCount());
        assertNull(empty.precursorMz());
        assertNull(empty.ionmode());
        assertEquals("unknown", empty.get("ionmode"));
        assertNull(empty.get("inchikey"));
        assertNull(empty.get("smiles"));

        Spectrum fromPrecursorMz = spectra.get(3);
        assertEquals(99.5, fromPrecursorMz.precursorMz());
        assertEquals("positive", fromPrecursorMz.ionmode());
        assertArrayEquals(new double[]{150.0}, fromPrecursorMz.mz());
        assertArrayEquals(new double[]{1000.0}, fromPrecursorMz.intensities());
        assertEquals("1", fromPrecursorMz.get("charge"));
    }

    @Test
    void windowsAndOldMacLineEndingsReadTheSame() {
        String text = fixture("edge-cases.mgf");
        List<Spectrum> unix = readMgf(text);
        assertEquals(unix, readMgf(text.replace("\n", "\r\n")));
        assertEquals(unix, readMgf(text.replace("\n", "\r")));
        assertEquals(unix, readMgf("\uFEFF" + text.replace("\n", "\r\n")));
    }

    @Test
    void lineNumbersCountWindowsLineEndingsOnce() {
        var e = assertThrows(SpectrumFormatException.class,
                () -> readMgf("BEGIN IONS\r\nPEPMASS=1\r\n\r\n1 2\r\nx 3\r\nEND IONS\r\n"));
        assertEquals("test.mgf line 5: peak m/z \"x\" is not a number", e.getMessage());
    }

    @Test
    void pepmassWinsOverPrecursorMzAsInMatchms() {
        Spectrum spectrum = readMgf("BEGIN IONS\nPRECURSOR_MZ=10\nPEPMASS=(20.5, 300, 2-)\nEND IONS\n").get(0);
        assertEquals(20.5, spectrum.precursorMz());
        assertEquals("300", spectrum.get("precursor_intensity"));
        assertEquals("-2", spectrum.get("charge"));
        assertEquals(Map.of("precursor_intensity", "300", "charge", "-2"), spectrum.metadata());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            non-numeric m/z          | BEGIN IONS\\nPEPMASS=1\\n100 1\\nabc 5\\nEND IONS                 | test.mgf line 4: peak m/z "abc" is not a number
            non-numeric intensity    | BEGIN IONS\\n100 1x\\nEND IONS                                  | test.mgf line 2: peak intensity "1x" is not a number
            hexadecimal m/z          | BEGIN IONS\\n0x10 1\\nEND IONS                                  | test.mgf line 2: peak m/z "0x10" is not a number
            Java double suffix       | BEGIN IONS\\n10d 1\\nEND IONS                                   | test.mgf line 2: peak m/z "10d" is not a number
            negative m/z             | BEGIN IONS\\n-5 1\\nEND IONS                                    | test.mgf line 2: peak m/z "-5" is negative
            negative intensity       | BEGIN IONS\\n5 -1\\nEND IONS                                    | test.mgf line 2: peak intensity "-1" is negative
            NaN intensity            | BEGIN IONS\\n5 NaN\\nEND IONS                                   | test.mgf line 2: peak intensity "NaN" is not a finite number
            NaN m/z                  | BEGIN IONS\\nnan 1\\nEND IONS                                   | test.mgf line 2: peak m/z "nan" is not a finite number
            infinite intensity       | BEGIN IONS\\n5 inf\\nEND IONS                                   | test.mgf line 2: peak intensity "inf" is not a finite number
            infinite m/z             | BEGIN IONS\\n\\n+Infinity 1\\nEND IONS                          | test.mgf line 3: peak m/z "+Infinity" is not a finite number
            overflowing m/z          | BEGIN IONS\\n1e400 1\\nEND IONS                                 | test.mgf line 2: peak m/z "1e400" is not a finite number
            m/z without intensity    | BEGIN IONS\\n100.5\\nEND IONS                                   | test.mgf line 2: peak line "100.5" has an m/z but no intensity
            unterminated at the end  | BEGIN IONS\\nPEPMASS=1\\n1 2\\nEND IONS\\n\\nBEGIN IONS\\n1 2\\n\\n | test.mgf line 6: BEGIN IONS is never closed by END IONS (the input ends at line 8)
            nested BEGIN IONS        | BEGIN IONS\\n1 2\\nBEGIN IONS\\n1 2\\nEND IONS                  | test.mgf line 3: BEGIN IONS inside the spectrum that begins at line 1 (END IONS missing)
            peak before BEGIN IONS   | PEPMASS=3\\n100 5\\nBEGIN IONS\\nEND IONS                       | test.mgf line 2: peak outside BEGIN IONS … END IONS
            peak after END IONS      | BEGIN IONS\\nEND IONS\\njunk\\n100 5                            | test.mgf line 4: peak outside BEGIN IONS … END IONS
            END IONS without BEGIN   | BEGIN IONS\\nEND IONS\\nEND IONS                                | test.mgf line 3: END IONS without a BEGIN IONS before it
            PEPMASS not a number     | BEGIN IONS\\nTITLE=t\\nPEPMASS=abc\\n1 2\\nEND IONS             | test.mgf line 3: PEPMASS "abc" is not a number
            negative PEPMASS         | BEGIN IONS\\nPEPMASS=-4 100\\nEND IONS                          | test.mgf line 2: PEPMASS "-4" is negative
            PRECURSOR_MZ not finite  | BEGIN IONS\\nPRECURSOR_MZ=Infinity\\nEND IONS                   | test.mgf line 2: precursor m/z "Infinity" is not a finite number
            """)
    void malformedInputNamesTheLineAndTheReason(String name, String text, String message) {
        var e = assertThrows(SpectrumFormatException.class, () -> readMgf(text.replace("\\n", "\n")));
        assertEquals(message, e.getMessage());
        assertEquals(400, e.status());
        assertEquals("test.mgf", e.source());
    }

    @Test
    void spectraBeforeAnErrorAreHandedOut() {
        MgfReader reader = new MgfReader(new StringReader("BEGIN IONS\n1 2\nEND IONS\nBEGIN IONS\nx 2\nEND IONS\n"),
                "request body");
        assertTrue(reader.hasNext());
        assertArrayEquals(new double[]{1.0}, reader.next().mz());
        var e = assertThrows(SpectrumFormatException.class, reader::hasNext);
        assertEquals("request body line 5: peak m/z \"x\" is not a number", e.getMessage());
        assertEquals(5, e.line());
        assertEquals("peak m/z \"x\" is not a number", e.reason());
    }

    @Test
    void aMillionPeaksInOneSpectrumFailAtThePeakPastTheLimit() {
        var text = new SpectrumTestText.GeneratedText(i -> i == 0 ? "BEGIN IONS\nPEPMASS=500\n"
                : i <= 1_000_000 ? (100 + i * 0.001) + " 1.0\n" : i == 1_000_001 ? "END IONS\n" : null);
        MgfReader reader = new MgfReader(text, "request body");
        var e = assertThrows(SpectrumFormatException.class, reader::hasNext);
        assertEquals("request body line 100003: more than 100000 peaks in one spectrum (the limit)", e.getMessage());
        assertTrue(text.handedOut() < 3_000_000, "read on after the limit: " + text.handedOut() + " characters");
    }

    @Test
    void theLimitIsSetThroughTheConstructor() {
        String text = "BEGIN IONS\n1 1\n2 1\n3 1\nEND IONS\n";
        assertEquals(3, SpectrumTestText.readAll(new MgfReader(new StringReader(text), "t", 3)).get(0).peakCount());
        var e = assertThrows(SpectrumFormatException.class,
                () -> SpectrumTestText.readAll(new MgfReader(new StringReader(text), "t", 2)));
        assertEquals("t line 4: more than 2 peaks in one spectrum (the limit)", e.getMessage());
    }

    @Test
    void twoHundredThousandSpectraStreamWithoutReadingAhead() {
        int spectra = 200_000;
        var text = new SpectrumTestText.GeneratedText(i -> i >= spectra ? null
                : "BEGIN IONS\nTITLE=spectrum " + i + "\nPEPMASS=" + (100 + i % 900) + "\nIONMODE=positive\n"
                + "50.5 10\n20.25 5\n" + (i % 7) + ".5 1\nEND IONS\n\n");
        long count = 0;
        long peaks = 0;
        long maxAhead = 0;
        long expectedChars = 0;
        try (MgfReader reader = new MgfReader(text, "generated")) {
            while (reader.hasNext()) {
                Spectrum spectrum = reader.next();
                assertEquals("spectrum " + count, spectrum.get("title"));
                assertEquals(100.0 + count % 900, spectrum.precursorMz());
                assertArrayEquals(new double[]{count % 7 + 0.5, 20.25, 50.5}, spectrum.mz());
                expectedChars += ("BEGIN IONS\nTITLE=spectrum " + count + "\nPEPMASS=" + (100 + count % 900)
                        + "\nIONMODE=positive\n50.5 10\n20.25 5\n" + (count % 7) + ".5 1\nEND IONS\n\n").length();
                maxAhead = Math.max(maxAhead, text.handedOut() - expectedChars);
                count++;
                peaks += spectrum.peakCount();
            }
        }
        assertEquals(spectra, count);
        assertEquals(3L * spectra, peaks);
        assertTrue(maxAhead <= 64 * 1024, "read " + maxAhead + " characters ahead of the spectrum handed out");
        assertFalse(maxAhead < 0);
    }

    @Test
    void anEndlessLineFailsInsteadOfFillingMemory() {
        String chunk = "a".repeat(1024 * 1024);
        var text = new SpectrumTestText.GeneratedText(i -> i == 0 ? "BEGIN IONS\nTITLE=" : i <= 100 ? chunk : null);
        var e = assertThrows(SpectrumFormatException.class,
                () -> SpectrumTestText.readAll(new MgfReader(text, "request body")));
        assertEquals("request body line 2: line is longer than 8388608 characters", e.getMessage());
        assertTrue(text.handedOut() < 10 * 1024 * 1024, "read " + text.handedOut() + " characters");
    }
}
