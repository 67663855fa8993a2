package io.modelgate.kserve.grpc;

import com.google.protobuf.ByteString;
import io.modelgate.kserve.grpc.proto.ModelInferRequest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A raw request for the identity-types fixture model (one [2, 2] input per datatype, each given back unchanged):
 * every datatype's elements as the protocol writes them raw, FP16 and BYTES among them.
 */
final class IdentityTypesRaw {

    private static final Map<String, ByteString> RAW = new LinkedHashMap<>();

    static {
        RAW.put("BOOL", ByteString.copyFrom(new byte[]{1, 0, 0, 1}));
        RAW.put("UINT8", ByteString.copyFrom(new byte[]{0, 1, (byte) 254, (byte) 255}));
        RAW.put("INT8", ByteString.copyFrom(new byte[]{-128, -1, 0, 127}));
        RAW.put("INT16", bytes(le(8).putShort(Short.MIN_VALUE).putShort((short) -1).putShort((short) 2)
                .putShort(Short.MAX_VALUE)));
        RAW.put("INT32", bytes(le(16).putInt(Integer.MIN_VALUE).putInt(0).putInt(7).putInt(Integer.MAX_VALUE)));
        RAW.put("INT64", bytes(le(32).putLong(Long.MIN_VALUE).putLong(0).putLong(7).putLong(Long.MAX_VALUE)));
        // 0.5, -2, 65504 (the largest half) and the half nearest 0.1.
        RAW.put("FP16", bytes(le(8).putShort((short) 0x3800).putShort((short) 0xC000).putShort((short) 0x7BFF)
                .putShort((short) 0x2E66)));
        RAW.put("FP32", bytes(le(16).putFloat(0.5f).putFloat(Float.NEGATIVE_INFINITY).putFloat(3.25f).putFloat(Float.NaN)));
        RAW.put("FP64", bytes(le(32).putDouble(0.1).putDouble(-2).putDouble(1e300).putDouble(3.5)));
        ByteBuffer strings = le(64);
        for (String element : new String[]{"a", "", "ünïcödé", "x y"}) {
            byte[] utf8 = element.getBytes(StandardCharsets.UTF_8);
            strings.putInt(utf8.length).put(utf8);
        }
        RAW.put("BYTES", bytes(strings));
    }

    private IdentityTypesRaw() {
    }

    /** The raw elements of the input (and so of the output) of that datatype. */
    static ByteString bytes(String datatype) {
        return RAW.get(datatype);
    }

    /** Every input, in_BOOL … in_BYTES, as raw_input_contents in the same order. */
    static ModelInferRequest request() {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName("identity-types");
        RAW.forEach((type, raw) -> request.addInputs(GrpcInferenceServiceTest.input("in_" + type, type, 2, 2))
                .addRawInputContents(raw));
        return request.build();
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteString bytes(ByteBuffer written) {
        return ByteString.copyFrom(written.flip());
    }
}
