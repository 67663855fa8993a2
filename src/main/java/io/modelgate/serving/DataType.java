package io.modelgate.serving;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo.OnnxTensorType;

import java.util.Arrays;
import java.util.Optional;

/**
 * The KServe V2 tensor datatypes that ONNX Runtime's Java API can carry, with their ONNX element
 * types. UINT16, UINT32 and UINT64 are V2 datatypes too, but ONNX Runtime 1.29's Java API cannot create
 * tensors of them, so a model with such an input is refused at load with that reason.
 */
public enum DataType {
    BOOL(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL, OnnxJavaType.BOOL, 1),
    UINT8(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8, OnnxJavaType.UINT8, 1),
    INT8(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8, OnnxJavaType.INT8, 1),
    INT16(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16, OnnxJavaType.INT16, 2),
    INT32(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32, OnnxJavaType.INT32, 4),
    INT64(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64, OnnxJavaType.INT64, 8),
    FP16(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16, OnnxJavaType.FLOAT16, 2),
    FP32(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, OnnxJavaType.FLOAT, 4),
    FP64(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE, OnnxJavaType.DOUBLE, 8),
    BYTES(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING, OnnxJavaType.STRING, 0);

    private final OnnxTensorType onnxType;
    private final OnnxJavaType javaType;
    private final int elementBytes;

    DataType(OnnxTensorType onnxType, OnnxJavaType javaType, int elementBytes) {
        this.onnxType = onnxType;
        this.javaType = javaType;
        this.elementBytes = elementBytes;
    }

    /** The V2 datatype of an ONNX element type, empty when the Java API cannot carry it. */
    public static Optional<DataType> ofOnnx(OnnxTensorType type) {
        return Arrays.stream(values()).filter(d -> d.onnxType == type).findFirst();
    }

    /** The datatype a V2 request names, empty for a name that is not one of ours. */
    public static Optional<DataType> ofName(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** The V2 name of an ONNX element type, for messages about types we cannot carry. */
    public static String v2Name(OnnxTensorType type) {
        return switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> "UINT16";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> "UINT32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> "UINT64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> "BF16";
            default -> ofOnnx(type).map(Enum::name).orElse(type.name());
        };
    }

    public OnnxJavaType javaType() {
        return javaType;
    }

    /** Bytes per element in a tensor buffer; 0 for BYTES, which travels as strings. */
    public int elementBytes() {
        return elementBytes;
    }

    public boolean isFloatingPoint() {
        return this == FP16 || this == FP32 || this == FP64;
    }
}
