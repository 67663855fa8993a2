package io.modelgate.spectra.formats;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.modelgate.spectra.formats.SpectrumTestText.readMgf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Field names and values harmonised as matchms harmonises them (Metadata, known_key_conversions.csv). */
class SpectrumMetadataTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            NAME                | compound_name
            Compound Name       | compound_name
            COMPOUNDNAME        | compound_name
            SPECTRUMID          | spectrum_id
            SPECTRUM_ID         | spectrum_id
            DB#                 | spectrum_id
            Precursor_type      | adduct
            PRECURSORTYPE       | precursortype
            Collision energy    | collision_energy
            COLLISIONENERGY     | collision_energy
            ExactMass           | parent_mass
            RT                  | retention_time
            InChIKey            | inchikey
            INCHI               | inchi
            SMILES              | smiles
            Num Peaks           | num_peaks
            NumPeaks            | num_peaks
            Ion.Mode?           | ionmode
            FILENAME            | file_name
            Some Other Key      | some_other_key
            """)
    void keysGetMatchmsNames(String key, String name) {
        assertEquals(name, Harmoniser.harmoniseKey(key));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            positive | positive
            Positive | positive
            POSITIVE | positive
            pos      | positive
            P        | positive
            +        | positive
            negative | negative
            Negative | negative
            NEG      | negative
            n        | negative
            -        | negative
            """)
    void ionModesAreNormalised(String written, String ionmode) {
        for (String key : new String[]{"IONMODE", "ION_MODE", "Ionmode", "Ion Mode"}) {
            var spectrum = readMgf("BEGIN IONS\n" + key + "=" + written + "\nEND IONS\n").get(0);
            assertEquals(ionmode, spectrum.ionmode(), key + "=" + written);
            assertNull(spectrum.get("ionmode"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Unknown  | unknown
            n/a      | n/a
            both     | both
            """)
    void unknownIonModesLeaveItNullAndKeepTheValueAsMatchmsDoes(String written, String kept) {
        var spectrum = readMgf("BEGIN IONS\nIONMODE=" + written + "\nEND IONS\n").get(0);
        assertNull(spectrum.ionmode());
        assertEquals(kept, spectrum.get("ionmode"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            PEPMASS=183.057                  | 183.057 | ''
            PEPMASS=183.057 2200.5           | 183.057 | 2200.5
            PEPMASS=183.057\\t2200.5         | 183.057 | 2200.5
            PEPMASS=(183.057, 2200.5)        | 183.057 | 2200.5
            PRECURSOR_MZ=183.057             | 183.057 | ''
            PRECURSORMZ=183.057              | 183.057 | ''
            PrecursorMZ = 183.057            | 183.057 | ''
            PRECURSOR_MASS=183.057           | 183.057 | ''
            PEPMASS=                         |         | ''
            PEPMASS=N/A                      |         | ''
            """)
    void precursorMzComesFromPepmassOrItsAliases(String line, Double precursorMz, String intensity) {
        var spectrum = readMgf("BEGIN IONS\n" + line.replace("\\t", "\t") + "\nEND IONS\n").get(0);
        assertEquals(precursorMz, spectrum.precursorMz());
        assertEquals(intensity.isEmpty() ? null : intensity, spectrum.get("precursor_intensity"));
        assertNull(spectrum.get("precursor_mz"));
        assertNull(spectrum.get("pepmass"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1+         | 1
            1-         | -1
            2+         | 2
            -3         | -3
            +1         | 1
            0          | 0
            2+ and 3+  | 2+ and 3+
            """)
    void chargeBecomesASignedIntegerWhereItReadsAsOne(String written, String charge) {
        assertEquals(charge, readMgf("BEGIN IONS\nCHARGE=" + written + "\nEND IONS\n").get(0).get("charge"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''
            NA
            N/A
            NaN
            '   '
            """)
    void missingValueMarkersAreDroppedAsInMatchms(String value) {
        var spectrum = readMgf("BEGIN IONS\nINCHIKEY=" + value + "\nEND IONS\n").get(0);
        assertNull(spectrum.get("inchikey"));
        assertEquals(0, spectrum.metadata().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NAME=alias\\nCOMPOUND_NAME=own     | own
            COMPOUND_NAME=own\\nNAME=alias     | own
            NAME=first\\nCOMPOUNDNAME=second   | first
            NAME=once\\nNAME=twice             | twice
            """)
    void matchmsOwnNameWinsOverAnAliasAndTheFirstAliasWins(String lines, String compoundName) {
        var spectrum = readMgf("BEGIN IONS\n" + lines.replace("\\n", "\n") + "\nEND IONS\n").get(0);
        assertEquals(compoundName, spectrum.get("compound_name"));
        assertEquals(1, spectrum.metadata().size());
    }
}
