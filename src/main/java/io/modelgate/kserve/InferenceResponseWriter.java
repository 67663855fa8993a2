package io.modelgate.kserve;

import ai.onnxruntime.platform.Fp16Conversions;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;
import io.modelgate.systems.InferenceOutputs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a V2 inference response with Jackson's generator straight from the output tensors: no response
 * records, no boxed or copied arrays of numbers. Outputs the request asks for as binary go after the JSON
 * (the binary tensor data extension); {@link #headerLength()} then says where the JSON ends.
 */
final class InferenceResponseWriter {

    private final byte[] body;
    private final int headerLength;

    private InferenceResponseWriter(byte[] body, int headerLength) {
        this.body = body;
        this.headerLength = headerLength;
    }

    static InferenceResponseWriter write(JsonFactory factory, InferenceOutputs answer, InferenceRequest request)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        List<byte[]> binary = new ArrayList<>();
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("model_name", answer.name());
            json.writeStringField("model_version", answer.version());
            if (request != null && request.id() != null) {
                json.writeStringField("id", request.id());
            }
            json.writeArrayFieldStart("outputs");
            for (Tensor tensor : answer.outputs()) {
                json.writeStartObject();
                json.writeStringField("name", tensor.name());
                json.writeFieldName("shape");
                json.writeArray(tensor.shape(), 0, tensor.shape().length);
                json.writeStringField("datatype", tensor.datatype().name());
                if (BinaryOutputs.wanted(request, tensor.name())) {
                    byte[] bytes = BinaryTensors.encode(tensor);
                    binary.add(bytes);
                    json.writeObjectFieldStart("parameters");
                    json.writeNumberField(InferenceBody.BINARY_DATA_SIZE, bytes.length);
                    json.writeEndObject();
                } else {
                    json.writeFieldName("data");
                    writeData(json, tensor);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        int header = out.size();
        binary.forEach(out::writeBytes);
        return new InferenceResponseWriter(out.toByteArray(), header);
    }

    byte[] body() {
        return body;
    }

    int headerLength() {
        return headerLength;
    }

    /** Whether outputs follow the JSON as binary data. */
    boolean hasBinary() {
        return headerLength < body.length;
    }

    /** The elements flat, in row-major order, as the V2 JSON encoding has them. */
    private static void writeData(JsonGenerator json, Tensor tensor) throws IOException {
        json.writeStartArray();
        if (tensor.datatype() == DataType.BYTES) {
            for (String element : tensor.strings()) {
                json.writeString(element);
            }
            json.writeEndArray();
            return;
        }
        ByteBuffer buffer = tensor.buffer();
        int n = Math.toIntExact(tensor.elementCount());
        for (int i = 0; i < n; i++) {
            switch (tensor.datatype()) {
                case BOOL -> json.writeBoolean(buffer.get(i) != 0);
                case UINT8 -> json.writeNumber(Byte.toUnsignedInt(buffer.get(i)));
                case INT8 -> json.writeNumber(buffer.get(i));
                case INT16 -> json.writeNumber(buffer.getShort(i * 2));
                case INT32 -> json.writeNumber(buffer.getInt(i * 4));
                case INT64 -> json.writeNumber(buffer.getLong(i * 8));
                case FP16 -> json.writeNumber(Fp16Conversions.fp16ToFloat(buffer.getShort(i * 2)));
                case FP32 -> json.writeNumber(buffer.getFloat(i * 4));
                case FP64 -> json.writeNumber(buffer.getDouble(i * 8));
                default -> throw new IllegalStateException("no JSON encoding for " + tensor.datatype());
            }
        }
        json.writeEndArray();
    }
}
