package io.smolforge.trainer.train;

/**
 * transformers' learning-rate schedules (get_scheduler + LambdaLR): the optimizer step with index
 * {@code k} (0-based) uses {@code base * factor(k)}; warm-up rises linearly from 0.
 */
public record LearningRateSchedule(String type, double baseLearningRate, int warmupSteps, int totalSteps) {

    public LearningRateSchedule {
        if (!type.equals("constant") && !type.equals("constant_with_warmup") && !type.equals("linear") && !type.equals("cosine")) {
            throw new IllegalArgumentException("lr_scheduler_type '" + type
                    + "' is not supported (constant, constant_with_warmup, linear, cosine)");
        }
    }

    /** transformers' warmup: a value >= 1 is a number of steps, a value in (0, 1) a fraction of the total (rounded up). */
    public static int warmupSteps(double warmup, int totalSteps) {
        return warmup >= 1 ? (int) warmup : (int) Math.ceil(warmup * totalSteps);
    }

    public double learningRate(int stepIndex) {
        return baseLearningRate * factor(stepIndex);
    }

    private double factor(int step) {
        if (type.equals("constant")) {
            return 1.0;
        }
        if (step < warmupSteps) {
            return (double) step / Math.max(1, warmupSteps);
        }
        return switch (type) {
            case "linear" -> Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
            case "cosine" -> {
                double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
                yield Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * 2.0 * 0.5 * progress)));
            }
            default -> 1.0;
        };
    }
}
