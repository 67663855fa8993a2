package io.modelgate.serving;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Stacks the inputs of several requests along the first dimension, and cuts the outputs of the run back into rows. */
final class BatchTensors {

    private BatchTensors() {
    }

    /** One tensor per input name of the first request: every request's tensor of that name, stacked in order. */
    static List<Tensor> stack(List<List<Tensor>> requests) {
        List<Tensor> stacked = new ArrayList<>();
        for (Tensor first : requests.get(0)) {
            List<Tensor> parts = requests.stream().map(inputs -> named(inputs, first.name())).toList();
            stacked.add(stack(first, parts));
        }
        return stacked;
    }

    private static Tensor stack(Tensor first, List<Tensor> parts) {
        long rows = parts.stream().mapToLong(t -> t.shape()[0]).sum();
        long[] shape = first.shape().clone();
        shape[0] = rows;
        if (first.datatype() == DataType.BYTES) {
            List<String> strings = new ArrayList<>();
            parts.forEach(t -> strings.addAll(t.strings()));
            return Tensor.strings(first.name(), shape, strings);
        }
        ByteBuffer buffer = Tensor.allocate(first.datatype(), Tensor.elementCount(shape));
        for (Tensor part : parts) {
            buffer.put(part.buffer().duplicate().clear());
        }
        return Tensor.numeric(first.name(), first.datatype(), shape, buffer.clear());
    }

    /** Whether every output has one row per input row, so the run's answer can be cut back into requests. */
    static boolean splittable(List<Tensor> outputs, long rows) {
        return outputs.stream().allMatch(t -> t.shape().length > 0 && t.shape()[0] == rows);
    }

    /** The outputs of a run cut into consecutive row ranges, one per request, in the order of {@code rows}. */
    static List<List<Tensor>> split(List<Tensor> outputs, long[] rows) {
        List<List<Tensor>> answers = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            answers.add(new ArrayList<>(outputs.size()));
        }
        for (Tensor output : outputs) {
            long total = output.shape()[0];
            long rowElements = total == 0 ? 0 : output.elementCount() / total;
            long start = 0;
            for (int i = 0; i < rows.length; i++) {
                answers.get(i).add(slice(output, start, rows[i], rowElements));
                start += rows[i];
            }
        }
        return answers;
    }

    private static Tensor slice(Tensor output, long startRow, long rows, long rowElements) {
        long[] shape = output.shape().clone();
        shape[0] = rows;
        int from = Math.toIntExact(startRow * rowElements);
        int to = Math.toIntExact((startRow + rows) * rowElements);
        if (output.datatype() == DataType.BYTES) {
            return Tensor.strings(output.name(), shape, List.copyOf(output.strings().subList(from, to)));
        }
        int bytes = output.datatype().elementBytes();
        ByteBuffer part = output.buffer().duplicate().clear().position(from * bytes).limit(to * bytes);
        ByteBuffer copy = Tensor.allocate(output.datatype(), (long) to - from);
        copy.put(part).clear();
        return Tensor.numeric(output.name(), output.datatype(), shape, copy);
    }

    private static Tensor named(List<Tensor> inputs, String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalStateException("a gathered request lacks input '" + name + "' (" + Arrays.toString(inputs.toArray()) + ")"));
    }
}
