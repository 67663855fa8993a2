package io.modelgate.spectra.formats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.modelgate.spectra.formats.SpectrumTestText.fixture;
import static io.modelgate.spectra.formats.SpectrumTestText.readMsp;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MspReaderTest {

    @Test
    void readsAMonaExportWithKeyValueComments() {
        List<Spectrum> spectra = readMsp(fixture("mona.msp"));
        assertEquals(2, spectra.size());

        Spectrum acephate = spectra.get(0);
        assertArrayEquals(new double[]{49.0105, 95.0004, 112.9955, 143.0018}, acephate.mz());
        assertArrayEquals(new double[]{1.25, 100, 3.5, 22.1}, acephate.intensities());
        assertEquals(184.0194, acephate.precursorMz());
        assertEquals("positive", acephate.ionmode());
        assertEquals(Map.ofEntries(
                entry("compound_name", "Acephate"),
                entry("synon_$", "00in-source"),
                entry("spectrum_id", "MoNA000001"),
                entry("inchikey", "YASYVMFAVPKPKE-UHFFFAOYSA-N"),
                entry("mw", "183"),
                entry("formula", "C4H10NO3PS"),
                entry("adduct", "[M+H]+"),
                entry("spectrum_type", "MS2"),
                entry("smiles", "CC(=O)NP(=O)(OC)SC"),
                entry("cas_number", "30560-19-1"),
                entry("computed_smiles", "COP(=O)(NC(C)=O)SC"),
                entry("parent_mass", "183.0119"),
                entry("num_peaks", "4")), acephate.metadata());

        Spectrum dimethoate = spectra.get(1);
        assertEquals("CNC(=O)CSP(=S)(OC)OC", dimethoate.get("smiles"));
        assertEquals("CNC(=O)CSP(=S)(OC)OC.dup", dimethoate.get("smiles_2"), "a second SMILES, as matchms names it");
        assertArrayEquals(new double[]{124.9824, 198.9647}, dimethoate.mz());
        assertArrayEquals(new double[]{30.5, 100}, dimethoate.intensities());
    }

    @Test
    void readsNistStyleWithSemicolonPairsAnnotationsAndShortIonModes() {
        List<Spectrum> spectra = readMsp(fixture("nist.msp"));
        assertEquals(4, spectra.size());

        Spectrum caffeine = spectra.get(0);
        assertArrayEquals(new double[]{42.0338, 83.0604, 110.0713, 138.0662, 195.0877}, caffeine.mz());
        assertArrayEquals(new double[]{3, 12, 145, 999, 80}, caffeine.intensities());
        assertEquals(195.0877, caffeine.precursorMz());
        assertEquals("positive", caffeine.ionmode());
        assertEquals("Caffeine", caffeine.get("compound_name"));
        assertEquals("1,3,7-Trimethylxanthine", caffeine.get("synon"));
        assertEquals("20 eV", caffeine.get("collision_energy"));
        assertEquals("12345", caffeine.get("nistno"));
        assertEquals("5", caffeine.get("num_peaks"));

        Spectrum ibuprofen = spectra.get(1);
        assertEquals("negative", ibuprofen.ionmode());
        assertEquals("[M-H]-", ibuprofen.get("adduct"));
        assertArrayEquals(new double[]{159.1179, 161.1336, 205.1234}, ibuprofen.mz());
        assertEquals("3", ibuprofen.get("num_peaks"));

        Spectrum empty = spectra.get(2);
        assertEquals(0, empty.peakCount());
        assertEquals("Nothing measured", empty.get("compound_name"));
        assertEquals(100.0, empty.precursorMz());

        Spectrum golm = spectra.get(3);
        assertArrayEquals(new double[]{70, 71, 73}, golm.mz());
        assertArrayEquals(new double[]{11, 5, 999}, golm.intensities());
        assertNull(golm.precursorMz());
    }

    @Test
    void readsGnpsStyleWithTabs() {
        Spectrum tryptophan = readMsp(fixture("gnps.msp")).get(0);
        assertArrayEquals(new double[]{118.0651, 146.0600, 188.0706}, tryptophan.mz());
        assertArrayEquals(new double[]{12, 45.5, 100}, tryptophan.intensities());
        assertEquals(205.0972, tryptophan.precursorMz());
        assertEquals("positive", tryptophan.ionmode());
        assertEquals("CCMSLIB00000001548", tryptophan.get("spectrum_id"));
        assertEquals("QIVBCDIJIAJPQS-VIFPVBQESA-N", tryptophan.get("inchikey"));
        assertEquals("N[C@@H](Cc1c[nH]c2ccccc12)C(O)=O", tryptophan.get("smiles"));
        assertEquals("DB#=CCMSLIB00000001548; origin=GNPS", tryptophan.get("comment"));
        assertNull(tryptophan.get("collision_energy"), "an empty value is dropped");
        assertEquals("Tryptophan", tryptophan.get("compound_name"));
    }

    @Test
    void windowsLineEndingsBlankLinesInsidePeaksAndCommentsAreTolerated() {
        String text = "# a comment\r\nNAME: x\r\nION_MODE: negative\r\nNum Peaks: 3\r\n\r\n30 1\r\n"
                + "# between peaks\r\n10 2 ; 20 3\r\n\r\nName: y\r\nNUM PEAKS : 1\r\n5 5\r\n";
        List<Spectrum> spectra = readMsp(text);
        assertEquals(2, spectra.size());
        assertArrayEquals(new double[]{10, 20, 30}, spectra.get(0).mz());
        assertArrayEquals(new double[]{2, 3, 1}, spectra.get(0).intensities());
        assertEquals("negative", spectra.get(0).ionmode());
        assertEquals("y", spectra.get(1).get("compound_name"));
        assertEquals(readMsp(text.replace("\r\n", "\n")), spectra);
    }

    @Test
    void duplicateMzValuesAreKeptInFileOrder() {
        Spectrum spectrum = readMsp("Name: d\nNum Peaks: 4\n50 1; 40 2; 50 3; 40 4\n").get(0);
        assertArrayEquals(new double[]{40, 40, 50, 50}, spectrum.mz());
        assertArrayEquals(new double[]{2, 4, 1, 3}, spectrum.intensities());
    }

    @Test
    void severalPairsOnOneLineWithoutSemicolonsAndUnquotedAnnotations() {
        Spectrum spectrum = readMsp("Name: d\nNum Peaks: 4\n10 1 20 2\n30 3 b2-H2O\n40\t4\t'y1'\n").get(0);
        assertArrayEquals(new double[]{10, 20, 30, 40}, spectrum.mz());
        assertArrayEquals(new double[]{1, 2, 3, 4}, spectrum.intensities());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fewer peaks than announced   | Name: a\\nNum Peaks: 3\\n1 1\\n2 2\\n\\nName: b\\nNum Peaks: 1\\n1 1  | test.msp line 6: Num Peaks (line 2) announced 3 peaks but 2 were read before this line
            fewer peaks at the end       | Name: a\\nNum Peaks: 3\\n1 1\\n2 2\\n                               | test.msp line 2: Num Peaks announced 3 peaks but the input ends after 2 (line 4)
            more peaks on the last line  | Name: a\\nNum Peaks: 2\\n1 1; 2 2; 3 3                             | test.msp line 3: more peaks than Num Peaks (line 2) announced (2)
            more peaks on a further line | Name: a\\nNum Peaks: 2\\n1 1\\n2 2\\n3 3                           | test.msp line 5: more peaks than Num Peaks (line 2) announced (2)
            peak before Num Peaks        | Name: a\\n1 1\\nNum Peaks: 1                                       | test.msp line 2: peak line before any Num Peaks line
            Num Peaks not a number       | Name: a\\nNum Peaks: many\\n1 1                                    | test.msp line 2: Num Peaks "many" is not a whole number
            Num Peaks negative           | Name: a\\nNum Peaks: -1\\n1 1                                      | test.msp line 2: Num Peaks "-1" is not a whole number
            Num Peaks over the limit     | Name: a\\nNum Peaks: 1000000\\n1 1                                 | test.msp line 2: Num Peaks 1000000 is over the limit of 100000 peaks in one spectrum
            no Num Peaks at the end      | Name: a\\nNum Peaks: 1\\n1 1\\n\\nName: b\\nPrecursorMZ: 5\\n      | test.msp line 5: the spectrum that begins here has no Num Peaks line before the input ends
            non-numeric m/z              | Name: a\\nNum Peaks: 2\\n1 1\\nabc 5                               | test.msp line 4: peak m/z "abc" is not a number
            non-numeric intensity        | Name: a\\nNum Peaks: 2\\n1 1; 2 lots                               | test.msp line 3: peak intensity "lots" is not a number
            negative m/z                 | Name: a\\nNum Peaks: 1\\n-1 1                                      | test.msp line 3: peak m/z "-1" is negative
            negative intensity           | Name: a\\nNum Peaks: 1\\n1 -1                                      | test.msp line 3: peak intensity "-1" is negative
            NaN intensity                | Name: a\\nNum Peaks: 1\\n1 NaN                                     | test.msp line 3: peak intensity "NaN" is not a finite number
            infinite m/z                 | Name: a\\nNum Peaks: 1\\n1e999 1                                   | test.msp line 3: peak m/z "1e999" is not a finite number
            m/z without intensity        | Name: a\\nNum Peaks: 2\\n1 1; 2                                    | test.msp line 3: peak "2" has an m/z but no intensity
            neither field nor peak       | Name: a\\nfree text\\nNum Peaks: 0                                 | test.msp line 2: line is neither a "Key: value" field nor a peak
            precursor not a number       | Name: a\\nPrecursorMZ: n.a.\\nNum Peaks: 0                         | test.msp line 2: precursor m/z "n.a." is not a number
            """)
    void malformedInputNamesTheLineAndTheReason(String name, String text, String message) {
        var e = assertThrows(SpectrumFormatException.class, () -> readMsp(text.replace("\\n", "\n")));
        assertEquals(message, e.getMessage());
        assertEquals(400, e.status());
    }

    @Test
    void aMillionPeaksOnOneLineFailAtTheLimit() {
        var text = new SpectrumTestText.GeneratedText(i -> i == 0 ? "Name: big\nNum Peaks: 100000\n"
                : i <= 1_000_000 ? (i % 1000) + " 1; " : i == 1_000_001 ? "\n" : null);
        var e = assertThrows(SpectrumFormatException.class,
                () -> SpectrumTestText.readAll(new MspReader(text, "request body")));
        assertEquals("request body line 3: more peaks than Num Peaks (line 2) announced (100000)", e.getMessage());
    }

    @Test
    void aNumPeaksOverTheConfiguredLimitIsRefusedBeforeAnyPeakIsRead() {
        var text = new SpectrumTestText.GeneratedText(i -> i == 0 ? "Name: big\nNum Peaks: 1000000\n"
                : i <= 1_000_000 ? i + " 1\n" : null);
        var e = assertThrows(SpectrumFormatException.class,
                () -> SpectrumTestText.readAll(new MspReader(text, "request body", 1_000)));
        assertEquals("request body line 2: Num Peaks 1000000 is over the limit of 1000 peaks in one spectrum",
                e.getMessage());
        assertTrue(text.handedOut() < 100, "read " + text.handedOut() + " characters");
    }
}
