package io.genkern.motion;

import io.genkern.GenkernException;
import io.genkern.io.Npy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Per-feature mean and standard deviation for z-scoring HumanML3D features, computed the way
 * HumanML3D's {@code mean_variance} script does: the mean per feature, the standard deviation averaged
 * within each feature group (root angular velocity, root linear velocity, root height, ric positions,
 * 6D rotations, local velocities, foot contacts) so that no single joint dominates.
 *
 * <p>On disk: a directory with {@code Mean.npy} and {@code Std.npy}, each a float32 array of shape
 * [263], exactly like HumanML3D's and MDM's files, so a checkpoint's own statistics load unchanged.
 */
public record FeatureStats(float[] mean, float[] std) {
    public static final String MEAN_FILE = "Mean.npy";
    public static final String STD_FILE = "Std.npy";

    /** Standard deviations below this are raised to it so that constant features do not divide by zero. */
    public static final float MIN_STD = 1e-4f;

    private static final int[] GROUP_STARTS = {
        HumanMl3d.ROOT_ANGULAR_VELOCITY, HumanMl3d.ROOT_LINEAR_VELOCITY, HumanMl3d.ROOT_HEIGHT, HumanMl3d.RIC,
        HumanMl3d.ROTATIONS_6D, HumanMl3d.LOCAL_VELOCITIES, HumanMl3d.FOOT_CONTACTS, HumanMl3d.FEATURES
    };

    public FeatureStats {
        if (mean.length != HumanMl3d.FEATURES || std.length != HumanMl3d.FEATURES) {
            throw new GenkernException("feature stats need 263 means and stds, got " + mean.length + " and " + std.length);
        }
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0) || !Float.isFinite(mean[i])) {
                throw new GenkernException("feature " + i + " has mean " + mean[i] + " and std " + std[i] + "; std must be positive, mean finite");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Statistics over every frame of every feature sequence [N_i][263]. */
    public static FeatureStats compute(List<float[][]> sequences) {
        if (sequences.isEmpty()) throw new GenkernException("cannot compute feature stats of no sequences");
        double[] sum = new double[HumanMl3d.FEATURES];
        double[] sumSq = new double[HumanMl3d.FEATURES];
        long count = 0;
        for (float[][] seq : sequences) {
            HumanMl3d.checkFeatures(seq);
            for (float[] f : seq) {
                for (int i = 0; i < f.length; i++) {
                    sum[i] += f[i];
                    sumSq[i] += (double) f[i] * f[i];
                }
                count++;
            }
        }
        float[] mean = new float[HumanMl3d.FEATURES];
        double[] perFeatureStd = new double[HumanMl3d.FEATURES];
        for (int i = 0; i < mean.length; i++) {
            double m = sum[i] / count;
            mean[i] = (float) m;
            perFeatureStd[i] = Math.sqrt(Math.max(0, sumSq[i] / count - m * m));
        }
        float[] std = new float[HumanMl3d.FEATURES];
        for (int g = 0; g + 1 < GROUP_STARTS.length; g++) {
            double groupMean = 0;
            for (int i = GROUP_STARTS[g]; i < GROUP_STARTS[g + 1]; i++) groupMean += perFeatureStd[i];
            groupMean /= GROUP_STARTS[g + 1] - GROUP_STARTS[g];
            for (int i = GROUP_STARTS[g]; i < GROUP_STARTS[g + 1]; i++) std[i] = (float) Math.max(MIN_STD, groupMean);
        }
        return new FeatureStats(mean, std);
    }

    /** (x − mean) / std, frame by frame; returns a new array. */
    public float[][] normalize(float[][] features) {
        HumanMl3d.checkFeatures(features);
        float[][] out = new float[features.length][HumanMl3d.FEATURES];
        for (int t = 0; t < features.length; t++) {
            for (int i = 0; i < HumanMl3d.FEATURES; i++) out[t][i] = (features[t][i] - mean[i]) / std[i];
        }
        return out;
    }

    /** x · std + mean, frame by frame; returns a new array. */
    public float[][] denormalize(float[][] normalized) {
        HumanMl3d.checkFeatures(normalized);
        float[][] out = new float[normalized.length][HumanMl3d.FEATURES];
        for (int t = 0; t < normalized.length; t++) {
            for (int i = 0; i < HumanMl3d.FEATURES; i++) out[t][i] = normalized[t][i] * std[i] + mean[i];
        }
        return out;
    }

    /** Writes {@code Mean.npy} and {@code Std.npy} (float32, shape [263]) into {@code directory}. */
    public void save(Path directory) {
        Npy.write(directory.resolve(MEAN_FILE), mean, HumanMl3d.FEATURES);
        Npy.write(directory.resolve(STD_FILE), std, HumanMl3d.FEATURES);
    }

    /** Reads statistics written by {@link #save} or shipped with a HumanML3D / MDM checkpoint. */
    public static FeatureStats load(Path directory) {
        Path meanPath = directory.resolve(MEAN_FILE);
        Path stdPath = directory.resolve(STD_FILE);
        for (Path p : new Path[] {meanPath, stdPath}) {
            if (!Files.isRegularFile(p)) throw new GenkernException("feature stats file " + p + " does not exist");
        }
        Npy.Array m = Npy.read(meanPath);
        Npy.Array s = Npy.read(stdPath);
        if (m.data().length != HumanMl3d.FEATURES || s.data().length != HumanMl3d.FEATURES) {
            throw new GenkernException(meanPath + " has " + m.data().length + " values and " + stdPath + " has "
                    + s.data().length + "; both must hold 263");
        }
        return new FeatureStats(m.data(), s.data());
    }
}
