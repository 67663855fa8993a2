package io.modelgate.spectra.formats;

import io.modelgate.ParserFuzz;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/** Any text given as MSP is read into spectra or refused with a {@link SpectrumFormatException}, nothing else. */
class MspReaderFuzzTest {

    @ParserFuzz
    void anyTextIsReadOrRefusedAsMalformedMsp(byte[] text) {
        try (MspReader reader = new MspReader(new StringReader(new String(text, StandardCharsets.UTF_8)), "fuzz.msp")) {
            SpectrumChecks.readAll(reader);
        } catch (SpectrumFormatException refused) {
            // the documented answer to malformed MSP: a 400 naming the line
        }
    }
}
