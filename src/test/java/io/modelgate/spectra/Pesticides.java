package io.modelgate.spectra;

import io.modelgate.TestFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** ms2deepscore's GNPS pesticide spectra (mirror-only) as the spectra tests send them. */
public final class Pesticides {

    public static final Path MGF = TestFolders.dataDir().resolve("ms2deepscore/pesticides_processed.mgf");

    private Pesticides() {
    }

    /** The first {@code count} spectra of the file, as MGF text. */
    public static String firstSpectra(int count) throws IOException {
        String text = Files.readString(MGF);
        int end = 0;
        for (int i = 0; i < count; i++) {
            end = text.indexOf("END IONS", end) + "END IONS".length();
        }
        return text.substring(0, end) + "\n";
    }
}
