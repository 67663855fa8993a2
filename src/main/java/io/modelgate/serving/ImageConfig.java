package io.modelgate.serving;

import java.util.List;

/**
 * How the task API turns an image field into an image input: decoded (PNG or JPEG), converted to RGB,
 * resized to {@code width} × {@code height}, then each channel value v (0–255) becomes
 * {@code (v * scale - mean[c]) / std[c]}.
 *
 * @param field  the task's image field (base64 or a data URL; multipart uploads use form field {@code image})
 * @param layout {@code nchw} (channels first, default) or {@code nhwc}
 * @param scale  default 1/255
 * @param mean   per channel, default 0
 * @param std    per channel, default 1
 */
public record ImageConfig(String field, Integer width, Integer height, String layout, Double scale, List<Double> mean,
                          List<Double> std) {

    public ImageConfig {
        layout = layout == null ? "nchw" : layout;
        scale = scale == null ? 1.0 / 255 : scale;
        mean = mean == null ? List.of(0.0, 0.0, 0.0) : List.copyOf(mean);
        std = std == null ? List.of(1.0, 1.0, 1.0) : List.copyOf(std);
    }

    public boolean channelsFirst() {
        return layout.equals("nchw");
    }
}
