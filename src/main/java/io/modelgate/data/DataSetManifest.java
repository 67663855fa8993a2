package io.modelgate.data;

import java.util.List;

/** {@code data/manifest.yaml}: the public data-set files the project uses, by name. */
public record DataSetManifest(List<Entry> datasets) {

    public DataSetManifest {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    /**
     * One file.
     *
     * @param name       its path under the data folder, e.g. {@code penguins/penguins.csv}
     * @param url        where it is downloaded from when missing
     * @param sha256     its checksum; a file that does not match is never used
     * @param mirrorOnly whether the file must not be committed to the repository
     */
    public record Entry(String name, String url, String sha256, String licence, Boolean mirrorOnly, String description) {
    }
}
