package io.smolforge.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * torch.optim.AdamW, step for step as its single-tensor CPU path computes it (DJL's own Adam differs):
 *
 * <pre>
 * p  = p * (1 - lr * weight_decay)                      # decoupled weight decay, before the moments
 * m  = lerp(m, g, 1 - beta1)                            # m + (1 - beta1) * (g - m)
 * v  = v * beta2 + (1 - beta2) * g * g
 * p  = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)   # eps outside the bias-corrected sqrt
 * </pre>
 *
 * Runs outside any gradient collector, so the Java-scalar ops here are not on an autograd path.
 */
public final class AdamW {

    private final Map<String, NDArray> parameters;
    private final Map<String, NDArray> expAvg = new LinkedHashMap<>();
    private final Map<String, NDArray> expAvgSq = new LinkedHashMap<>();
    private final Set<String> noDecay;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private long step;

    /**
     * @param noDecay names of parameters without weight decay (transformers exempts biases and norm weights)
     */
    public AdamW(Map<String, NDArray> parameters, Set<String> noDecay, double beta1, double beta2, double epsilon,
                 double weightDecay) {
        this.parameters = parameters;
        this.noDecay = Set.copyOf(noDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        parameters.forEach((name, p) -> {
            NDManager manager = p.getManager();
            expAvg.put(name, manager.zeros(p.getShape(), p.getDataType()));
            expAvgSq.put(name, manager.zeros(p.getShape(), p.getDataType()));
        });
    }

    public long stepCount() {
        return step;
    }

    /** Applies one update with the step's gradients, by parameter name. */
    public void step(double learningRate, Map<String, NDArray> gradients) {
        step++;
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (learningRate / biasCorrection1);
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray p = entry.getValue();
            NDArray m = expAvg.get(entry.getKey());
            NDArray v = expAvgSq.get(entry.getKey());
            NDArray g = gradients.get(entry.getKey());
            if (g == null) {
                throw new IllegalArgumentException("no gradient for parameter " + entry.getKey());
            }
            if (weightDecay != 0 && !noDecay.contains(entry.getKey())) {
                p.muli((float) (1 - learningRate * weightDecay));
            }
            try (NDArray diff = g.sub(m)) {
                m.addi(diff.muli((float) (1 - beta1)));
            }
            v.muli((float) beta2);
            try (NDArray square = g.mul((float) (1 - beta2))) {
                v.addi(square.muli(g));
            }
            try (NDArray denom = v.sqrt()) {
                denom.divi((float) biasCorrection2Sqrt).addi((float) epsilon);
                try (NDArray update = m.div(denom)) {
                    p.subi(update.muli(stepSize));
                }
            }
        }
    }

    /** Moments and step count, for a checkpoint. */
    public Map<String, float[]> state() {
        Map<String, float[]> state = new LinkedHashMap<>();
        expAvg.forEach((name, m) -> state.put("exp_avg." + name, m.toFloatArray()));
        expAvgSq.forEach((name, v) -> state.put("exp_avg_sq." + name, v.toFloatArray()));
        return state;
    }

    /** Restores {@link #state()} and the step count from a checkpoint. */
    public void restore(Map<String, float[]> state, long stepCount) {
        for (String name : parameters.keySet()) {
            float[] m = state.get("exp_avg." + name);
            float[] v = state.get("exp_avg_sq." + name);
            if (m == null || v == null) {
                throw new IllegalArgumentException("optimizer state has no moments for parameter '" + name + "'");
            }
            expAvg.get(name).set(m);
            expAvgSq.get(name).set(v);
        }
        this.step = stepCount;
    }
}
