package io.modelgate.kserve.grpc;

import com.google.protobuf.ByteString;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.kserve.grpc.proto.InferTensorContents;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Typed contents to tensors and back, per datatype, as the protocol maps datatypes to contents fields. */
class GrpcContentsTest {

    private static final String WHERE = "input 'x' for model 'm'";
    private static final long[] SHAPE = {2, 2};

    private static InferTensorContents contents(DataType datatype) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        switch (datatype) {
            case BOOL -> contents.addAllBoolContents(List.of(true, false, false, true));
            case UINT8 -> contents.addAllUintContents(List.of(0, 1, 254, 255));
            case INT8 -> contents.addAllIntContents(List.of(-128, -1, 0, 127));
            case INT16 -> contents.addAllIntContents(List.of(-32768, -1, 2, 32767));
            case INT32 -> contents.addAllIntContents(List.of(Integer.MIN_VALUE, 0, 7, Integer.MAX_VALUE));
            case INT64 -> contents.addAllInt64Contents(List.of(Long.MIN_VALUE, 0L, 7L, Long.MAX_VALUE));
            case FP32 -> contents.addAllFp32Contents(List.of(0.5f, Float.NEGATIVE_INFINITY, 3.25f, Float.NaN));
            case FP64 -> contents.addAllFp64Contents(List.of(0.1, -2.0, 1e300, 3.5));
            case BYTES -> List.of("a", "", "ünïcödé", "x y").forEach(s -> contents.addBytesContents(ByteString.copyFromUtf8(s)));
            default -> throw new IllegalArgumentException(datatype.name());
        }
        return contents.build();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"BOOL, bool_contents", "UINT8, uint_contents", "INT8, int_contents", "INT16, int_contents",
            "INT32, int_contents", "INT64, int64_contents", "FP32, fp32_contents", "FP64, fp64_contents",
            "BYTES, bytes_contents"})
    void everyDatatypeButFp16TravelsUnchangedInItsOwnField(DataType datatype, String field) {
        assertEquals(field, GrpcContents.field(datatype));
        InferTensorContents sent = contents(datatype);
        Tensor tensor = GrpcContents.decode(WHERE, "x", datatype, SHAPE, sent);
        assertEquals(datatype, tensor.datatype());
        assertEquals(sent, GrpcContents.encode(tensor));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            INT8 above its range  | INT8  | 128 | input 'x' for model 'm': element 0 of int_contents is 128; expected an integer from -128 to 127 (INT8)
            INT16 below its range | INT16 | -32769 | input 'x' for model 'm': element 0 of int_contents is -32769; expected an integer from -32768 to 32767 (INT16)
            """)
    void integersOutOfTheirDatatypesRangeAreRefused(String what, DataType datatype, int value, String error) {
        InferTensorContents contents = InferTensorContents.newBuilder().addIntContents(value).build();
        assertEquals(error, assertThrows(InvalidInputException.class,
                () -> GrpcContents.decode(WHERE, "x", datatype, new long[]{1}, contents)).getMessage());
    }

    @Test
    void uint8AboveItsRangeIsRefused() {
        InferTensorContents contents = InferTensorContents.newBuilder().addUintContents(256).build();
        assertEquals("input 'x' for model 'm': element 0 of uint_contents is 256; expected an integer from 0 to 255 (UINT8)",
                assertThrows(InvalidInputException.class,
                        () -> GrpcContents.decode(WHERE, "x", DataType.UINT8, new long[]{1}, contents)).getMessage());
    }

    @Test
    void fp16HasNoContentsFieldAndMustBeRaw() {
        assertEquals("input 'x' for model 'm' is FP16, which the protocol has no contents field for; send it, and"
                + " every other input, as raw_input_contents", assertThrows(InvalidInputException.class,
                () -> GrpcContents.decode(WHERE, "x", DataType.FP16, SHAPE, InferTensorContents.getDefaultInstance()))
                .getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        InferTensorContents contents = InferTensorContents.newBuilder()
                .addBytesContents(ByteString.copyFrom(new byte[]{(byte) 0xC3})).build();
        assertEquals("element 0 of bytes_contents of input 'x' for model 'm' is not UTF-8 text",
                assertThrows(InvalidInputException.class,
                        () -> GrpcContents.decode(WHERE, "x", DataType.BYTES, new long[]{1}, contents)).getMessage());
    }

    @Test
    void anEmptyTensorNeedsNoContents() {
        Tensor tensor = GrpcContents.decode(WHERE, "x", DataType.FP32, new long[]{0, 4}, InferTensorContents.getDefaultInstance());
        assertEquals(0, tensor.elementCount());
    }
}
