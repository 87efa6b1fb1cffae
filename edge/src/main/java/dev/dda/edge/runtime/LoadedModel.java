package dev.dda.edge.runtime;

import dev.dda.edge.model.ModelManifest;
import dev.dda.edge.model.ModelPackage;
import dev.dda.edge.model.ModelPackageException;
import dev.dda.edge.preprocess.InputSpec;
import dev.dda.edge.preprocess.Preprocessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel in memory, ready to call from many threads (a TF Session is thread-safe). Reference counted: the
 * registry holds one reference while the model serves, each request holds one while it runs, and the native
 * session is closed when the last one is released, so a hot swap never closes a session under a running request.
 */
public final class LoadedModel {
    private final ModelPackage pkg;
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final Preprocessor preprocessor;
    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile long[] heatmapShape;

    private LoadedModel(ModelPackage pkg, SavedModelBundle bundle, SessionFunction function) {
        this.pkg = pkg;
        this.bundle = bundle;
        this.function = function;
        this.preprocessor = Preprocessor.create(pkg.manifest().input());
    }

    /**
     * Loads and checks the signature against the manifest. Each op runs on one thread, and every op of a call runs
     * on the caller's thread (a negative inter-op count): requests run side by side on the server's workers, so
     * handing each op to TensorFlow's own pool only added thread switches. Measured with bench/edge's model on 2
     * cores, against an inter-op pool of one thread per core: 4 clients 8 % more requests per second with a raw
     * frame, 1-client p50 about 0.1 ms lower. An inference graph has no blocking ops, which would need the pool.
     */
    public static LoadedModel load(ModelPackage pkg) throws ModelPackageException {
        ModelManifest m = pkg.manifest();
        ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(1)
                .setInterOpParallelismThreads(-1).build();
        TensorFlowStart.ensure(config);
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(pkg.savedModelDir().toString()).withTags("serve")
                    .withConfigProto(config).load();
        } catch (RuntimeException e) {
            throw new ModelPackageException(pkg.dir() + ": TensorFlow could not load the SavedModel: " + e.getMessage(), e);
        }
        try {
            SessionFunction fn = bundle.function(m.signature());
            checkSignature(pkg, fn.signature());
            return new LoadedModel(pkg, bundle, fn);
        } catch (RuntimeException | ModelPackageException e) {
            bundle.close();
            if (e instanceof ModelPackageException mpe) {
                throw mpe;
            }
            throw new ModelPackageException(pkg.dir() + ": signature " + m.signature() + " is not usable: "
                    + e.getMessage(), e);
        }
    }

    private static void checkSignature(ModelPackage pkg, Signature sig) throws ModelPackageException {
        ModelManifest m = pkg.manifest();
        List<String> missing = new ArrayList<>();
        if (!sig.inputNames().contains(m.inputName())) {
            missing.add("input " + m.inputName());
        }
        if (!sig.outputNames().contains(m.scoreOutput())) {
            missing.add("output " + m.scoreOutput());
        }
        if (m.heatmapOutput() != null && !sig.outputNames().contains(m.heatmapOutput())) {
            missing.add("output " + m.heatmapOutput());
        }
        if (!missing.isEmpty()) {
            throw new ModelPackageException(pkg.dir() + ": signature " + m.signature() + " lacks " + missing
                    + " named in the manifest (it has inputs " + sig.inputNames() + ", outputs " + sig.outputNames() + ")");
        }
    }

    /** A few calls on a mid-grey image, so the first real request does not pay TF's lazy graph optimisation. */
    public void warmUp(int calls) {
        float[] grey = new float[input().valuesPerImage()];
        for (int i = 0; i < calls; i++) {
            Inference r = infer(grey);
            if (!(r.score() >= 0f && r.score() <= 1f)) {
                throw new IllegalStateException(pkg.dir() + ": warm-up score " + r.score() + " is outside [0, 1]");
            }
        }
    }

    public ModelManifest manifest() {
        return pkg.manifest();
    }

    public ModelPackage modelPackage() {
        return pkg;
    }

    public InputSpec input() {
        return pkg.manifest().input();
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    /** [h, w] of the heat map, known after the first call; null when there is none. */
    public long[] heatmapShape() {
        return heatmapShape;
    }

    /** One preprocessed image (HWC floats) through the model. */
    public Inference infer(float[] hwc) {
        InputSpec in = input();
        ModelManifest m = pkg.manifest();
        long start = System.nanoTime();
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, in.height(), in.width(), in.channels()),
                DataBuffers.of(hwc, true, false));
             Result r = function.call(Map.of(m.inputName(), x))) {
            // first value, whatever the rank: [1] and [1, 1] both carry one score
            float score = ((TFloat32) r.get(m.scoreOutput()).orElseThrow()).asRawTensor().data().asFloats().getFloat(0);
            float[][] heatmap = null;
            if (m.heatmapOutput() != null) {
                heatmap = heatmap((TFloat32) r.get(m.heatmapOutput()).orElseThrow());
            }
            return new Inference(score, heatmap, System.nanoTime() - start);
        }
    }

    /** [1, h, w] or [1, h, w, 1] to rows; a rank-2 [1, n] map is one row. */
    private float[][] heatmap(TFloat32 t) {
        Shape s = t.shape();
        int h = s.numDimensions() > 2 ? (int) s.size(1) : 1;
        int w = s.numDimensions() > 2 ? (int) s.size(2) : (int) s.size(1);
        if (heatmapShape == null) {
            heatmapShape = new long[] {h, w};
        }
        float[] flat = new float[h * w];
        t.asRawTensor().data().asFloats().read(flat);
        float[][] out = new float[h][w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(flat, y * w, out[y], 0, w);
        }
        return out;
    }

    /** The v2 protocol's general call: float inputs by name, every (or the asked) float output back. */
    public Map<String, Tensors> call(Map<String, Tensors> inputs, List<String> wanted) {
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensors> e : inputs.entrySet()) {
                feeds.put(e.getKey(), TFloat32.tensorOf(Shape.of(e.getValue().shape()),
                        DataBuffers.of(e.getValue().data(), true, false)));
            }
            try (Result r = function.call(feeds)) {
                Map<String, Tensors> out = new LinkedHashMap<>();
                for (String name : wanted.isEmpty() ? function.signature().outputNames() : wanted) {
                    Tensor t = r.get(name).orElseThrow(() -> new IllegalArgumentException(
                            "model has no output " + name + "; it has " + function.signature().outputNames()));
                    out.put(name, toTensors(name, t));
                }
                return out;
            }
        } finally {
            feeds.values().forEach(Tensor::close);
        }
    }

    private static Tensors toTensors(String name, Tensor t) {
        if (!(t instanceof TFloat32 f)) {
            throw new IllegalArgumentException("output " + name + " is " + t.dataType() + "; only FP32 is served");
        }
        long[] shape = f.shape().asArray();
        float[] data = new float[(int) f.shape().size()];
        f.asRawTensor().data().asFloats().read(data);
        return new Tensors(shape, data);
    }

    public java.util.Set<String> inputNames() {
        return function.signature().inputNames();
    }

    public java.util.Set<String> outputNames() {
        return function.signature().outputNames();
    }

    /** Takes a reference; false once the model is being retired (the caller then re-reads the current model). */
    public boolean retain() {
        for (;;) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (refs.decrementAndGet() == 0) {
            bundle.close();
        }
    }

    /** True once the native session has been released. */
    public boolean closed() {
        return refs.get() <= 0;
    }

    @Override
    public String toString() {
        return pkg.manifest().name() + ":" + pkg.manifest().version() + Arrays.toString(new int[] {refs.get()});
    }
}
