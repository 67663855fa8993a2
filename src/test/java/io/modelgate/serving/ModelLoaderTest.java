package io.modelgate.serving;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLoaderTest {

    private static final Path PENGUINS = Path.of("models/penguins-mlp");

    private static ModelLoader loader(ModelRepositoryConfig.ExecutionProvider provider) {
        ModelRepositoryConfig config = TestConfigs.withProvider(provider);
        return new ModelLoader(new ExecutionProviders(config), config);
    }

    private static ModelConfig penguinsConfig() throws ModelLoadException {
        return ModelFolder.versions(PENGUINS).get(0).config();
    }

    @Test
    void cudaAskedForOnTheCpuBuildFallsBackToTheCpuAndSaysSo() throws Exception {
        OnnxModel model = loader(ModelRepositoryConfig.ExecutionProvider.CUDA).load(penguinsConfig(), PENGUINS.resolve("model.onnx"));
        assertEquals(ExecutionProviders.CPU, model.metadata().executionProvider());
        model.retire();
    }

    @Test
    void autoOnTheCpuBuildRunsOnTheCpu() throws Exception {
        OnnxModel model = loader(ModelRepositoryConfig.ExecutionProvider.AUTO).load(penguinsConfig(), PENGUINS.resolve("model.onnx"));
        assertEquals(ExecutionProviders.CPU, model.metadata().executionProvider());
        assertEquals(16, model.metadata().maxBatchSize());
        model.retire();
    }

    @Test
    void retiredVersionKeepsServingTheRequestThatHoldsItThenRefusesNewOnes() throws Exception {
        OnnxModel model = loader(ModelRepositoryConfig.ExecutionProvider.CPU).load(penguinsConfig(), PENGUINS.resolve("model.onnx"));
        assertTrue(model.tryAcquire());
        model.retire();
        // The request in flight still runs on the open session.
        Tensor input = Tensor.numeric("measurements", DataType.FP32, new long[]{1, 4}, Tensor.allocate(DataType.FP32, 4));
        input.buffer().putFloat(0, 40.3f).putFloat(4, 18f).putFloat(8, 195f).putFloat(12, 3250f);
        List<Tensor> out = model.run(List.of(input), List.of());
        assertEquals(3, out.get(0).elementCount());
        model.release();
        assertFalse(model.tryAcquire(), "a retired version whose last request is done takes no new ones");
    }

    @Test
    void missingOnnxFileIsAReasonNotACrash() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> loader(ModelRepositoryConfig.ExecutionProvider.CPU).load(penguinsConfig(), PENGUINS.resolve("nope.onnx")));
        assertTrue(e.getMessage().contains("nope.onnx is missing"), e.getMessage());
    }
}
