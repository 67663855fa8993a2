package io.modelgate.serving;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxSparseTensor;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * For the native executable only: ONNX Runtime's JNI code creates these classes from C, so a native
 * image must keep their constructors and fields. The JNI registration itself is in
 * {@code META-INF/native-image/io.modelgate/modelgate/jni-config.json}; a test keeps both lists in step
 * with the classes the JNI library names.
 */
@RegisterForReflection(targets = {MapInfo.class, NodeInfo.class, OnnxMap.class, OnnxModelMetadata.class,
        OnnxSequence.class, OnnxSparseTensor.class, OnnxTensor.class, OnnxValue.class, OrtException.class,
        SequenceInfo.class, TensorInfo.class, ValueInfo.class})
final class OnnxRuntimeNativeImage {

    private OnnxRuntimeNativeImage() {
    }
}
