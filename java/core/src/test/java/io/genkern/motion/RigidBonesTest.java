package io.genkern.motion;

import io.genkern.testing.TestSeeds;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class RigidBonesTest {
    @Test
    void bonesTakeOneLengthAndKeepTheirDirectionsAndTheFeetTheirHeight() {
        long seed = TestSeeds.seed();
        Random random = new Random(seed);
        MotionLibrary library = MotionLibrary.generate(random.nextInt(1000), 1);
        float[][][] clip = library.clip(random.nextInt(library.size())).positions();
        // A body that grows by up to 20% over the clip, plus 5 mm of noise: what blended decoding gives.
        float[][][] stretched = Motions.copy(clip);
        for (int t = 0; t < clip.length; t++) {
            float grow = 1 + 0.2f * t / clip.length;
            for (int j = 0; j < 22; j++) {
                for (int c = 0; c < 3; c++) {
                    stretched[t][j][c] = clip[t][0][c] + grow * (clip[t][j][c] - clip[t][0][c]) + (float) (0.005 * random.nextGaussian());
                }
            }
        }
        Skeleton skeleton = Skeleton.smpl22();
        double[] lengths = RigidBones.medianLengths(stretched, skeleton);
        float[][][] rigid = RigidBones.apply(stretched, skeleton);
        for (int t = 0; t < rigid.length; t++) {
            for (int j = 1; j < 22; j++) {
                int parent = skeleton.parent(j);
                double[] before = Vec3.sub(Vec3.of(stretched[t][j]), Vec3.of(stretched[t][parent]));
                double[] after = Vec3.sub(Vec3.of(rigid[t][j]), Vec3.of(rigid[t][parent]));
                assertEquals(lengths[j], Vec3.norm(after), 1e-5, "seed " + seed + ": bone " + j + " at frame " + t);
                assertEquals(1, Vec3.dot(before, after) / (Vec3.norm(before) * Vec3.norm(after)), 1e-6,
                        "seed " + seed + ": bone " + j + " keeps its direction at frame " + t);
            }
            assertEquals(lowestFoot(stretched[t]), lowestFoot(rigid[t]), 1e-5, "seed " + seed + ": the lowest foot stays at frame " + t);
        }
        assertTrue(io.genkern.motion.metrics.MotionMetrics.boneLengthChange(stretched) > 0.15, "seed " + seed);
        assertTrue(io.genkern.motion.metrics.MotionMetrics.boneLengthChange(rigid) < 1e-4, "seed " + seed);
        float[][][] again = RigidBones.apply(rigid, skeleton);
        for (int t = 0; t < rigid.length; t++) for (int j = 0; j < 22; j++) assertArrayEquals(rigid[t][j], again[t][j], 1e-5f, "idempotent");
    }

    private static float lowestFoot(float[][] frame) {
        float low = Float.POSITIVE_INFINITY;
        for (int j : Skeleton.SMPL_FOOT_JOINTS) low = Math.min(low, frame[j][1]);
        return low;
    }
}
