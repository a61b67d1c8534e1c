package dev.selfheal.scorer.forest;
import org.junit.jupiter.api.Test;
class NodeCountProbeTest {
  @Test void counts() {
    java.util.Random r = new java.util.Random(1);
    double[] s = new double[4000]; for (int i=0;i<s.length;i++) s[i]=Math.sin(i/20.0)+0.3*r.nextGaussian();
    double[][] rows = dev.selfheal.scorer.features.WindowFeatures.all(s);
    for (int[] ts : new int[][]{{100,256},{50,128},{100,64},{50,64},{64,128}}) {
      IsolationForestModel f = IsolationForestModel.fit(rows, ts[0], ts[1], 42);
      System.out.println("NODES trees=" + ts[0] + " sample=" + ts[1] + " nodes=" + f.nodes() + " bytes=" + f.bytes());
    }
  }
}
