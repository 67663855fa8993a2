package io.modelgate.kserve;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BinaryTensorsTest {

    private static final String WHERE = "input 'x' for model 'm'";

    private static ByteBuffer hex(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            BOOL  | 00 01 07      | 00 01 01
            UINT8 | 00 ff 80      | 00 ff 80
            INT8  | 00 ff 80      | 00 ff 80
            INT16 | 0100 ffff 0080 | 0100 ffff 0080
            INT32 | 01000000 ffffffff 00000080 | 01000000 ffffffff 00000080
            INT64 | 0100000000000000 ffffffffffffffff 0000000000000080 | 0100000000000000 ffffffffffffffff 0000000000000080
            FP16  | 003c 00c0 007c | 003c 00c0 007c
            FP32  | 0000803f 000000c0 0000c07f | 0000803f 000000c0 0000c07f
            FP64  | 000000000000f03f 00000000000000c0 000000000000f87f | 000000000000f03f 00000000000000c0 000000000000f87f
            """)
    void littleEndianElementsRoundTripAndBoolsAreZeroOrOne(DataType datatype, String in, String out) {
        Tensor tensor = BinaryTensors.decode(WHERE, "x", datatype, new long[]{3}, hex(in));
        assertEquals(datatype, tensor.datatype());
        assertEquals(ByteOrder.nativeOrder(), tensor.buffer().order());
        assertArrayEquals(HexFormat.of().parseHex(out.replace(" ", "")), BinaryTensors.encode(tensor));
    }

    @Test
    void decodedNumbersAreTheValuesTheBytesHold() {
        Tensor fp32 = BinaryTensors.decode(WHERE, "x", DataType.FP32, new long[]{1, 3}, hex("0000803f 000000c0 0000c07f"));
        assertEquals(1.0f, fp32.buffer().getFloat(0));
        assertEquals(-2.0f, fp32.buffer().getFloat(4));
        assertEquals(Float.NaN, fp32.buffer().getFloat(8));
        Tensor int64 = BinaryTensors.decode(WHERE, "x", DataType.INT64, new long[]{1}, hex("0000000000000080"));
        assertEquals(Long.MIN_VALUE, int64.buffer().getLong(0));
    }

    @Test
    void bytesElementsAreLengthPrefixedUtf8() {
        ByteBuffer data = hex("03000000 616263 00000000 04000000 c3a9c3a9");
        Tensor tensor = BinaryTensors.decode(WHERE, "x", DataType.BYTES, new long[]{3}, data);
        assertEquals(List.of("abc", "", "éé"), tensor.strings());
        assertArrayEquals(HexFormat.of().parseHex("03000000616263000000000400000" + "0c3a9c3a9"), BinaryTensors.encode(tensor));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            too few bytes         | FP32  | 2 | 0000803f       | unexpected size of the binary data of input 'x' for model 'm': shape [2] of FP32 needs 8 bytes, binary_data_size is 4
            too many bytes        | INT16 | 1 | 01000200       | unexpected size of the binary data of input 'x' for model 'm': shape [1] of INT16 needs 2 bytes, binary_data_size is 4
            cut length            | BYTES | 1 | 0300           | the binary data of input 'x' for model 'm' ends inside the 4-byte length of element 0 (BYTES elements are a little-endian length, then the bytes)
            length past the end   | BYTES | 1 | 05000000 6162  | element 0 of the binary data of input 'x' for model 'm' is 5 bytes long, but 2 bytes are left
            negative length       | BYTES | 1 | ffffffff       | element 0 of the binary data of input 'x' for model 'm' is 4294967295 bytes long, but 0 bytes are left
            more elements         | BYTES | 1 | 01000000 61 01000000 62 | the binary data of input 'x' for model 'm' holds more than the 1 elements of shape [1]
            fewer elements        | BYTES | 2 | 01000000 61    | unexpected number of elements in the binary data of input 'x' for model 'm': shape [2] of BYTES needs 2, it has 1
            not UTF-8             | BYTES | 1 | 01000000 ff    | element 0 of the binary data of input 'x' for model 'm' is not UTF-8 text
            """)
    void badBinaryDataIsRefusedNamingTheInput(String what, DataType datatype, long elements, String bytes, String error) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> BinaryTensors.decode(WHERE, "x", datatype, new long[]{elements}, hex(bytes)));
        assertEquals(error, e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void anyBytesDecodeOrAreRefusedWithAClearErrorNeverAnotherException(DataType datatype) {
        Random random = new Random(datatype.ordinal());
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            long elements = random.nextInt(6);
            try {
                Tensor tensor = BinaryTensors.decode(WHERE, "x", datatype, new long[]{elements}, ByteBuffer.wrap(bytes));
                assertEquals(elements, datatype == DataType.BYTES ? tensor.strings().size() : tensor.elementCount());
                if (datatype != DataType.BOOL) {
                    Tensor again = BinaryTensors.decode(WHERE, "x", datatype, new long[]{elements},
                            ByteBuffer.wrap(BinaryTensors.encode(tensor)));
                    assertEquals(tensor, again);
                }
            } catch (InvalidInputException expected) {
                // A clear 400 is the other allowed outcome.
            }
        }
    }
}
