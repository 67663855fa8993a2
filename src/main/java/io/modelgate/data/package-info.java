/**
 * Public data-set files named in {@code data/manifest.yaml}: found in the data folder, downloaded when
 * missing, and only ever used after their sha256 matched.
 * <p>
 * Must not know: tasks, models, systems; it hands out checked files.
 */
package io.modelgate.data;
