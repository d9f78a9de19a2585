package io.smolforge.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.smolforge.trainer.model.CausalLanguageModel;
import io.smolforge.trainer.model.ModelBatch;
import io.smolforge.trainer.model.TrainingPass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the forward/backward passes of one optimizer step, several at once, and adds up their losses and
 * gradients in pass order.
 *
 * <p>Why at once: on a CPU, libtorch spreads each operation over all cores, and every one of the thousands of
 * operations in a step ends in a barrier where cores wait for the slowest one, the JVM or the next small kernel.
 * Two passes on two workers, each with half of the intra-op threads, keep the cores busy through those gaps
 * (about 10% more tokens/s on 2 cores). Passes in flight together share the activation budget
 * ({@link ActivationBudget}).
 *
 * <p>Why in pass order: with {@code ownGradients} (LoRA) each pass keeps its gradients to itself
 * ({@link TrainingPass#withOwnGradients}) and they are summed here pass by pass, so a step's gradients do not
 * depend on which pass finished first. Full fine-tuning has one worker and its gradients accumulate on the
 * weights as backward adds them: a gradient per pass would cost a copy of the model.
 */
final class PassRunner implements AutoCloseable {

    /** One pass of the step: rows of a micro-batch, whether its layers are re-run, its dropout seed. */
    record Work(ModelBatch batch, boolean recomputeLayers, long seed) {
    }

    /**
     * The step's summed loss and its gradients by parameter name. Closing it releases the gradients (and, for
     * gradients accumulated on the parameters, zeroes them for the next step).
     */
    static final class Result implements AutoCloseable {
        private final double loss;
        private final Map<String, NDArray> gradients;
        private final Runnable release;

        private Result(double loss, Map<String, NDArray> gradients, Runnable release) {
            this.loss = loss;
            this.gradients = gradients;
            this.release = release;
        }

        double loss() {
            return loss;
        }

        Map<String, NDArray> gradients() {
            return gradients;
        }

        @Override
        public void close() {
            gradients.values().forEach(NDArray::close);
            release.run();
        }
    }

    private record PassOutput(float loss, Map<String, NDArray> gradients) {
    }

    private final CausalLanguageModel model;
    private final Map<String, NDArray> parameters;
    private final boolean ownGradients;
    private final int workers;
    private final ExecutorService executor;

    /**
     * @param parameters       the trained parameters by name
     * @param ownGradients     each pass keeps its own gradients (small parameter sets only, see the class comment)
     * @param workers          passes in flight at once (1 unless {@code ownGradients})
     * @param threadsPerWorker libtorch intra-op threads of each worker
     */
    PassRunner(CausalLanguageModel model, Map<String, NDArray> parameters, boolean ownGradients, int workers,
               int threadsPerWorker) {
        if (workers < 1 || threadsPerWorker < 1) {
            throw new IllegalArgumentException("workers and threads per worker must be >= 1, got " + workers + " and " + threadsPerWorker);
        }
        if (workers > 1 && !ownGradients) {
            throw new IllegalArgumentException("passes can only run at once when each keeps its own gradients");
        }
        this.model = model;
        this.parameters = parameters;
        this.ownGradients = ownGradients;
        this.workers = workers;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(() -> {
                // libtorch's intra-op thread count is per calling thread (OpenMP and MKL settings of this thread)
                JniUtils.setNumThreads(threadsPerWorker);
                task.run();
            }, "smolforge-pass-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The default: on a CPU with at least two intra-op threads and a small trained parameter set (LoRA), two
     * workers with half the threads each; otherwise one worker (a GPU runs one pass's kernels back to back anyway).
     */
    static PassRunner create(CausalLanguageModel model, Map<String, NDArray> parameters, boolean lora, Integer workers) {
        if (workers != null && workers > 1 && !lora) {
            throw new IllegalArgumentException("concurrent_passes: full fine-tuning runs one pass at a time (a gradient"
                    + " per pass would cost a copy of the model), got " + workers);
        }
        int threads = Math.max(1, JniUtils.getNumThreads());
        int chosen = workers != null ? workers : lora && !model.device().isGpu() && threads >= 2 ? 2 : 1;
        return new PassRunner(model, parameters, lora, chosen, Math.max(1, threads / chosen));
    }

    int workers() {
        return workers;
    }

    /** Runs {@code passes}, each loss divided by {@code divisor} (the step's label tokens). */
    Result run(List<Work> passes, float divisor) {
        List<Future<PassOutput>> outputs = new ArrayList<>();
        for (Work work : passes) {
            outputs.add(executor.submit(() -> runPass(work, divisor)));
        }
        double loss = 0;
        Map<String, NDArray> sums = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Future<PassOutput> future : outputs) {
            PassOutput output;
            try {
                output = future.get();
            } catch (ExecutionException e) {
                failure = failure != null ? failure : asRuntime(e.getCause());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new IllegalStateException("interrupted while training", e);
                continue;
            }
            if (failure != null) {
                output.gradients().values().forEach(NDArray::close);
                continue;
            }
            loss += output.loss();
            output.gradients().forEach((name, gradient) -> {
                NDArray sum = sums.putIfAbsent(name, gradient);
                if (sum != null) {
                    sum.addi(gradient);
                    gradient.close();
                }
            });
        }
        if (failure != null) {
            sums.values().forEach(NDArray::close);
            throw failure;
        }
        if (ownGradients) {
            return new Result(loss, sums, () -> { });
        }
        Map<String, NDArray> accumulated = new LinkedHashMap<>();
        parameters.forEach((name, p) -> accumulated.put(name, p.getGradient()));
        return new Result(loss, accumulated, () -> parameters.values().forEach(p -> JniUtils.zeroGrad((PtNDArray) p)));
    }

    private PassOutput runPass(Work work, float divisor) {
        if (!ownGradients) {
            float loss = model.forwardBackward(work.batch(), divisor, work.recomputeLayers(), TrainingPass.of(work.seed()));
            return new PassOutput(loss, Map.of());
        }
        try (TrainingPass pass = TrainingPass.withOwnGradients(work.seed(), parameters.values())) {
            float loss = model.forwardBackward(work.batch(), divisor, work.recomputeLayers(), pass);
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            parameters.forEach((name, p) -> gradients.put(name, pass.gradientOf(p)));
            return new PassOutput(loss, gradients);
        }
    }

    private static RuntimeException asRuntime(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
