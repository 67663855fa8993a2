package io.modelgate.spectra.formats;

import io.modelgate.ParserFuzz;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/** Any text given as MGF is read into spectra or refused with a {@link SpectrumFormatException}, nothing else. */
class MgfReaderFuzzTest {

    @ParserFuzz
    void anyTextIsReadOrRefusedAsMalformedMgf(byte[] text) {
        try (MgfReader reader = new MgfReader(new StringReader(new String(text, StandardCharsets.UTF_8)), "fuzz.mgf")) {
            SpectrumChecks.readAll(reader);
        } catch (SpectrumFormatException refused) {
            // the documented answer to malformed MGF: a 400 naming the line
        }
    }
}
