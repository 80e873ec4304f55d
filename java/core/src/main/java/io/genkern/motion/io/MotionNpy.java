package io.genkern.motion.io;

import io.genkern.GenkernException;
import io.genkern.io.Npy;
import io.genkern.motion.HumanMl3d;
import io.genkern.motion.Motions;

import java.nio.file.Path;
import java.util.Arrays;

/** {@code .npy} files of HumanML3D features [T, 263] and joint positions [T, J, 3] (float32, C order), as numpy loads them. */
public final class MotionNpy {
    private MotionNpy() {}

    public static void writeFeatures(Path path, float[][] features) {
        Npy.write(path, HumanMl3d.flatten(features), features.length, HumanMl3d.FEATURES);
    }

    public static float[][] readFeatures(Path path) {
        Npy.Array a = Npy.read(path);
        if (a.rank() != 2 || a.dim(1) != HumanMl3d.FEATURES) {
            throw new GenkernException(path + " has shape " + Arrays.toString(a.shape()) + "; HumanML3D features are [T, 263]");
        }
        return HumanMl3d.unflatten(a.data());
    }

    public static void writePositions(Path path, float[][][] positions) {
        Motions.check(positions, positions.length == 0 ? 0 : positions[0].length);
        Npy.write(path, Motions.flatten(positions), positions.length, positions[0].length, 3);
    }

    public static float[][][] readPositions(Path path) {
        Npy.Array a = Npy.read(path);
        if (a.rank() != 3 || a.dim(2) != 3) {
            throw new GenkernException(path + " has shape " + Arrays.toString(a.shape()) + "; joint positions are [T, J, 3]");
        }
        return Motions.unflatten(a.data(), a.dim(0), a.dim(1));
    }
}
