package io.modelgate.systems;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.file.Path;

import java.util.List;

/**
 * What {@code GET /api/systems} shows of a system.
 *
 * @param kind    an ONNX model, a prompt bound to an LLM, or a similarity function (a fixed method such as cosine-greedy)
 * @param version the version that answers now (the newest ready one)
 * @param reason  why the system is not ready, when it is not
 * @param sha256  the SHA-256 of the file that defines the system: the ONNX file of the answering version,
 *                or the prompt template
 * @param source  the folder or file that defines the system (its git commit goes into the ledger); not shown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemInfo(String name, SystemKind kind, String task, String version, List<String> versions,
                         String description, boolean ready, String reason, String sha256,
                         @JsonIgnore Path source) {
}
