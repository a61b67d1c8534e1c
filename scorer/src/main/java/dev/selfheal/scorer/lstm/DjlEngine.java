package dev.selfheal.scorer.lstm;

import ai.djl.engine.Engine;

/**
 * DJL settings that must be in place before its Engine is first touched: offline (no probes or
 * downloads; libtorch comes from the pytorch-native-cpu jar) and one intra-op thread unless the
 * launcher chose otherwise. {@code OMP_NUM_THREADS=1} must be in the process environment too.
 */
public final class DjlEngine {

    private DjlEngine() {
    }

    public static synchronized Engine get() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        return Engine.getEngine("PyTorch");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
