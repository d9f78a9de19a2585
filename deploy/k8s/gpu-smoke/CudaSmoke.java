import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.MemoryUsage;
import java.util.Arrays;

/**
 * Checks that DJL's PyTorch engine trains on a CUDA GPU the way trainer-service needs it to: the libtorch
 * named by PYTORCH_LIBRARY_PATH loads, DJL sees the GPU, a matrix product on the GPU agrees with the CPU,
 * and a backward pass runs on the GPU. Prints one line per check and exits 1 if any fails.
 *
 * <p>{@code --allow-cpu} runs the same checks on the CPU when no GPU is visible: that tests this program
 * where there is no GPU, not the CUDA path. Run it through ../gpu-smoke.sh, which checks the setup first.
 */
public final class CudaSmoke {
    private static int failures;

    public static void main(String[] args) {
        boolean allowCpu = Arrays.asList(args).contains("--allow-cpu");
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            check("DJL loads libtorch", false, firstLine(e));
            System.out.println("CUDA smoke: the engine did not load");
            System.exit(1);
            return;
        }
        System.out.printf("engine: PyTorch %s, DJL %s%n", engine.getVersion(), Engine.getDjlVersion());

        boolean cudaBuild = engine.hasCapability(StandardCapabilities.CUDA);
        int gpus = engine.getGpuCount();
        check("libtorch is a CUDA build", cudaBuild, allowCpu,
                cudaBuild ? "yes" : "no: PYTORCH_LIBRARY_PATH must name a CUDA libtorch and PYTORCH_FLAVOR a cu* flavor");
        // DJL counts GPUs through the CUDA runtime (libcudart, found by JNA on the library path), separately
        // from libtorch: a CUDA libtorch with a count of 0 means libcudart was not found.
        check("DJL sees a GPU", gpus > 0, allowCpu, gpus > 0
                ? gpus + " GPU(s), CUDA runtime " + CudaUtils.getCudaVersionString()
                        + ", compute capability " + CudaUtils.getComputeCapability(0)
                : "none" + (cudaBuild ? ": libcudart.so not on LD_LIBRARY_PATH?" : ""));

        Device device = gpus > 0 ? Device.gpu(0) : Device.cpu();
        System.out.println("checking on " + device);
        guarded("matMul on " + device, () -> checkMatMulAgreesWithCpu(engine, device));
        guarded("backward on " + device, () -> checkBackward(engine, device));
        if (device.isGpu()) {
            MemoryUsage memory = CudaUtils.getGpuMemory(device);
            System.out.printf("gpu memory: %d MiB used of %d MiB%n", memory.getUsed() >> 20, memory.getMax() >> 20);
        }
        System.out.println(failures == 0 ? "CUDA smoke: OK" : "CUDA smoke: " + failures + " check(s) failed");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static void checkMatMulAgreesWithCpu(Engine engine, Device device) {
        int n = 512;
        float[] a = values(n * n, 1);
        float[] b = values(n * n, 2);
        try (NDManager onDevice = engine.newBaseManager(device); NDManager onCpu = engine.newBaseManager(Device.cpu())) {
            NDArray product = onDevice.create(a, new Shape(n, n)).matMul(onDevice.create(b, new Shape(n, n)));
            float[] expected = onCpu.create(a, new Shape(n, n)).matMul(onCpu.create(b, new Shape(n, n))).toFloatArray();
            float[] actual = product.toFloatArray();
            double worst = 0;
            for (int i = 0; i < actual.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
            }
            check("matMul " + n + "x" + n + " on " + product.getDevice() + " agrees with the CPU",
                    worst < 1e-3 && product.getDevice().equals(device), String.format("max relative error %.2e", worst));
        }
    }

    private static void checkBackward(Engine engine, Device device) {
        int n = 1024;
        float[] data = values(n, 3);
        try (NDManager manager = engine.newBaseManager(device)) {
            NDArray x = manager.create(data);
            x.setRequiresGradient(true);
            try (GradientCollector collector = engine.newGradientCollector()) {
                // x * x with an array operand, not a Java number: DJL 0.36 can corrupt gradients of
                // scalar-constant ops after a GC (design/DJL.md), and this check must not be flaky.
                collector.backward(x.mul(x).sum());
            }
            float[] gradient = x.getGradient().toFloatArray();
            double worst = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(gradient[i] - 2 * data[i]));
            }
            check("backward of sum(x*x) on " + x.getGradient().getDevice() + " gives 2x", worst < 1e-5,
                    String.format("max error %.2e", worst));
        }
    }

    /**
     * Runs a check that may throw: a libtorch that loads but does not match DJL's JNI (another version) fails
     * here, on the first tensor, and that must read as a failed check rather than a stack trace.
     */
    private static void guarded(String what, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            check(what, false, firstLine(e));
        }
    }

    /** The exception and its root cause, first line of each: enough to tell a missing library from a mismatch. */
    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String line = describe(e);
        return root == e ? line : line + " <- " + describe(root);
    }

    private static String describe(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }

    /** Deterministic values in [-1, 1], different per seed. */
    private static float[] values(int count, int seed) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) Math.sin(seed * 1000.0 + i * 0.37);
        }
        return values;
    }

    private static void check(String what, boolean ok, String detail) {
        check(what, ok, false, detail);
    }

    /** A failed check that {@code mayFail} is reported as SKIP and does not count. */
    private static void check(String what, boolean ok, boolean mayFail, String detail) {
        System.out.printf("%s %s: %s%n", ok ? "PASS" : mayFail ? "SKIP" : "FAIL", what, detail);
        if (!ok && !mayFail) {
            failures++;
        }
    }
}
