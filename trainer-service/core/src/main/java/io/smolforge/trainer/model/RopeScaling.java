package io.smolforge.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rotary embedding frequencies: {@code rope_theta} plus an optional scaling rule, read from
 * transformers 5's {@code rope_parameters} or 4.x's {@code rope_theta}/{@code rope_scaling}.
 * Supports the rope types {@code default}, {@code linear} and {@code llama3}.
 */
public record RopeScaling(double theta, String type, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalMaxPositions) {

    static RopeScaling parse(JsonNode config, String source) {
        JsonNode params = config.path("rope_parameters");
        JsonNode scaling = params.isObject() ? params : config.path("rope_scaling");
        double theta = params.isObject() && params.has("rope_theta") ? params.get("rope_theta").asDouble()
                : config.path("rope_theta").asDouble(10000.0);
        String type = scaling.isObject() ? scaling.path("rope_type").asText(scaling.path("type").asText("default")) : "default";
        if (!type.equals("default") && !type.equals("linear") && !type.equals("llama3")) {
            throw new InvalidModelException(source + ": rope type '" + type + "' is not supported (default, linear, llama3)");
        }
        return new RopeScaling(theta, type, scaling.path("factor").asDouble(1.0),
                scaling.path("low_freq_factor").asDouble(1.0), scaling.path("high_freq_factor").asDouble(4.0),
                scaling.path("original_max_position_embeddings").asInt(8192));
    }

    /**
     * The inverse frequencies for a head dimension, computed in float32 like transformers:
     * {@code 1 / theta^(arange(0, dim, 2) / dim)}, then scaled per rope type.
     */
    public float[] inverseFrequencies(int headDim) {
        float[] inv = new float[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / (float) headDim;
            inv[i] = (float) (1.0 / (float) Math.pow((float) theta, exponent));
        }
        if (type.equals("linear")) {
            for (int i = 0; i < inv.length; i++) {
                inv[i] = (float) (inv[i] / factor);
            }
        } else if (type.equals("llama3")) {
            double lowWavelen = originalMaxPositions / lowFreqFactor;
            double highWavelen = originalMaxPositions / highFreqFactor;
            for (int i = 0; i < inv.length; i++) {
                double wavelen = 2 * Math.PI / inv[i];
                double scaled = wavelen > lowWavelen ? inv[i] / factor : inv[i];
                if (!(wavelen < highWavelen) && !(wavelen > lowWavelen)) {
                    double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                    scaled = (1 - smooth) * scaled / factor + smooth * scaled;
                }
                inv[i] = (float) scaled;
            }
        }
        return inv;
    }
}
