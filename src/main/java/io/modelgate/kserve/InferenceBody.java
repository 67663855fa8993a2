package io.modelgate.kserve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.Tensor;

import java.io.CharConversionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A V2 inference request body: the JSON request, and with the binary tensor data extension the raw bytes of the
 * inputs that declare {@code parameters.binary_data_size}, which follow the JSON in the order of those inputs.
 * The JSON's length is the {@code Inference-Header-Content-Length} header; without it the body is all JSON.
 *
 * @param binaryInputs  by index of the input in {@code request.inputs()}, the bytes of those sent as binary
 * @param decodedInputs the inputs when {@link StreamingRequestDecoder} read them already (then the request's inputs
 *                      carry no data); null when they are decoded from the request when asked for
 */
record InferenceBody(InferenceRequest request, Map<Integer, ByteBuffer> binaryInputs, List<Tensor> decodedInputs) {

    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    static final String BINARY_DATA_SIZE = "binary_data_size";

    /**
     * @throws InvalidInputException when the header length or a binary size does not fit the body, or the bytes are
     *                               not text
     * @throws IOException           when the JSON part cannot be read (mapped to a 400 like any bad JSON body)
     */
    static InferenceBody read(String model, byte[] body, String headerLength, ObjectMapper json) throws IOException {
        return read(model, body, headerLength, json, null);
    }

    /** As {@link #read(String, byte[], String, ObjectMapper)}, trying the streaming decoder first when one is given. */
    static InferenceBody read(String model, byte[] body, String headerLength, ObjectMapper json,
                              StreamingRequestDecoder streaming) throws IOException {
        int jsonLength = jsonLength(headerLength, body.length);
        if (streaming != null && jsonLength == body.length) {
            Optional<StreamingRequestDecoder.Decoded> decoded = streaming.decode(body, 0, jsonLength);
            if (decoded.isPresent()) {
                return new InferenceBody(decoded.get().request(), Map.of(), decoded.get().inputs());
            }
        }
        InferenceRequest request;
        try {
            request = jsonLength == 0 ? null : json.readValue(body, 0, jsonLength, InferenceRequest.class);
        } catch (CharConversionException e) {
            // Bytes Jackson cannot decode as text (e.g. a body it takes for UTF-32, with a character past Unicode's
            // range): a client's mistake, though not a JsonProcessingException.
            throw new InvalidInputException("the JSON of the request for model '" + model + "' is not text in a"
                    + " Unicode encoding: " + e.getMessage());
        }
        Map<Integer, ByteBuffer> binary = new HashMap<>();
        int offset = jsonLength;
        if (request != null && request.inputs() != null) {
            for (int i = 0; i < request.inputs().size(); i++) {
                InferenceRequest.RequestInput input = request.inputs().get(i);
                Long size = input == null ? null : binarySize(model, i, input);
                if (size == null) {
                    continue;
                }
                String where = "input '" + input.name() + "' for model '" + model + "'";
                if (input.data() != null && !input.data().isNull()) {
                    throw new InvalidInputException(where + " has both 'data' and parameters.binary_data_size; send its"
                            + " elements one way");
                }
                if (size > body.length - offset) {
                    throw new InvalidInputException(where + " declares binary_data_size " + size + " but only "
                            + (body.length - offset) + " bytes of binary data are left in the body");
                }
                binary.put(i, ByteBuffer.wrap(body, offset, (int) (long) size).slice());
                offset += (int) (long) size;
            }
        }
        if (offset != body.length) {
            throw new InvalidInputException("the body of the request for model '" + model + "' has " + (body.length - offset)
                    + " bytes after the JSON and the binary data its inputs declare (" + HEADER_LENGTH + " "
                    + (headerLength == null ? "absent" : headerLength) + ")");
        }
        return new InferenceBody(request, binary, null);
    }

    private static int jsonLength(String header, int bodyLength) {
        if (header == null) {
            return bodyLength;
        }
        long length;
        try {
            length = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("header " + HEADER_LENGTH + " must be the length of the JSON part in bytes,"
                    + " got '" + header + "'");
        }
        if (length < 0 || length > bodyLength) {
            throw new InvalidInputException("header " + HEADER_LENGTH + " is " + length + ", past the end of the body ("
                    + bodyLength + " bytes)");
        }
        return (int) length;
    }

    private static Long binarySize(String model, int index, InferenceRequest.RequestInput input) {
        Object size = input.parameters() == null ? null : input.parameters().get(BINARY_DATA_SIZE);
        if (size == null) {
            return null;
        }
        if (!(size instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
                || number.longValue() < 0) {
            throw new InvalidInputException("inputs[" + index + "] for model '" + model + "': parameters.binary_data_size"
                    + " must be a whole number of bytes, got " + size);
        }
        return number.longValue();
    }
}
