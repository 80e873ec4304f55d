package io.genkern.motion.io;

import io.genkern.testing.TestSeeds;
import io.genkern.GenkernException;
import io.genkern.motion.Kinematics;
import io.genkern.motion.MotionClip;
import io.genkern.motion.Motions;
import io.genkern.motion.Skeleton;
import io.genkern.motion.library.Action;
import io.genkern.motion.library.MotionLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BvhTest {
    private final long seed = TestSeeds.seed();
    private final SplittableRandom rng = new SplittableRandom(seed);

    @Test
    void libraryClipsSurviveAWriteAndReadWithinACentimetre(@TempDir Path dir) {
        for (int i = 0; i < 6; i++) {
            Action action = Action.values()[rng.nextInt(Action.values().length)];
            MotionClip clip = MotionLibrary.clip(action, seed, rng.nextInt(50));
            Path file = dir.resolve(clip.id() + ".bvh");
            BvhWriter.write(file, Skeleton.smpl22(), clip.positions(), clip.fps());
            BvhClip read = BvhReader.read(file);
            assertEquals(clip.frames(), read.frames());
            assertEquals(0.05, read.frameTime(), 1e-9);
            assertEquals(List.of("Xposition", "Yposition", "Zposition", "Zrotation", "Xrotation", "Yrotation"), read.channels().get(0));
            assertEquals(List.of("Zrotation", "Xrotation", "Yrotation"), read.channels().get(1));
            assertEquals(22, read.skeleton().joints());
            // The file lists joints depth first; map them back to SMPL order by name.
            float[][][] positions = read.positions(1.0);
            float[][][] smplOrder = new float[positions.length][22][];
            for (int j = 0; j < 22; j++) {
                int k = read.skeleton().indexOf(Skeleton.smpl22().name(j));
                for (int t = 0; t < positions.length; t++) smplOrder[t][j] = positions[t][k];
            }
            double error = Motions.maxJointError(clip.positions(), smplOrder);
            assertTrue(error < 0.01, clip.id() + " comes back with error " + error + " m, seed " + seed);
            // Offsets carry the clip's own bone lengths, not a template's.
            int knee = read.skeleton().indexOf("left_knee");
            double thigh = Math.hypot(Math.hypot(clip.positions()[0][4][0] - clip.positions()[0][1][0], clip.positions()[0][4][1] - clip.positions()[0][1][1]),
                    clip.positions()[0][4][2] - clip.positions()[0][1][2]);
            assertEquals(thigh, read.skeleton().boneLength(knee), 1e-4);
        }
    }

    @Test
    void readsAHandWrittenArmWithItsOwnChannelOrder() {
        // Shoulder at the origin, upper arm 0.3 along +X, forearm 0.25 along +X, hand End Site.
        // Frame 0: rest. Frame 1: shoulder turns 90° about Z (arm points up), elbow 90° about Z again
        // (forearm points to −X). Frame 2: translated root and a 90° turn about Y listed first.
        String bvh = """
                HIERARCHY
                ROOT shoulder
                {
                  OFFSET 0 0 0
                  CHANNELS 6 Xposition Yposition Zposition Xrotation Yrotation Zrotation
                  JOINT elbow
                  {
                    OFFSET 0.3 0 0
                    CHANNELS 3 Xrotation Yrotation Zrotation
                    JOINT wrist
                    {
                      OFFSET 0.25 0 0
                      CHANNELS 3 Yrotation Xrotation Zrotation
                      End Site
                      {
                        OFFSET 0.08 0 0
                      }
                    }
                  }
                }
                MOTION
                Frames: 3
                Frame Time: 0.04
                0 0 0  0 0 0  0 0 0  0 0 0
                0 0 0  0 0 90  0 0 90  0 0 0
                1 2 3  0 90 0  0 0 0  0 0 0
                """;
        BvhClip clip = BvhReader.parse(bvh, "arm.bvh");
        assertEquals(3, clip.skeleton().joints());
        assertEquals(25f, clip.fps(), 1e-4);
        assertEquals(1, clip.endSites().length);
        float[][][] p = clip.positions(1.0);
        assertArrayEquals(new float[] {0.3f, 0, 0}, p[0][1], 1e-6f);
        assertArrayEquals(new float[] {0.55f, 0, 0}, p[0][2], 1e-6f);
        assertArrayEquals(new float[] {0, 0.3f, 0}, p[1][1], 1e-6f);
        assertArrayEquals(new float[] {-0.25f, 0.3f, 0}, p[1][2], 1e-6f);
        // Ry(90) turns +X into −Z.
        assertArrayEquals(new float[] {1, 2, 2.7f}, p[2][1], 1e-6f);
        assertArrayEquals(new float[] {1, 2, 2.45f}, p[2][2], 1e-6f);
        // Centimetre files scale down.
        assertArrayEquals(new float[] {0.003f, 0, 0}, clip.positions(0.01)[0][1], 1e-8f);
        // Root-only translation: the pose view agrees with the positions.
        float[][][] viaPoses = Kinematics.forward(clip.skeleton(), clip.poses());
        assertTrue(Motions.maxJointError(p, viaPoses) < 1e-6);
    }

    @Test
    void writesFixedPointNumbers() {
        assertEquals("0.000000", BvhWriter.appendFixed(new StringBuilder(), -1e-9).toString());
        assertEquals("-12.345679", BvhWriter.appendFixed(new StringBuilder(), -12.3456789).toString());
        assertEquals("3.000001", BvhWriter.appendFixed(new StringBuilder(), 3.0000005).toString());
        double v = rng.nextDouble() * 2000 - 1000;
        assertEquals(v, Double.parseDouble(BvhWriter.appendFixed(new StringBuilder(), v).toString()), 5e-7, "seed " + seed);
        assertThrows(GenkernException.class, () -> BvhWriter.appendFixed(new StringBuilder(), Double.NaN));
    }

    @Test
    void reportsMalformedFilesWithTheirLine(@TempDir Path dir) throws Exception {
        GenkernException e = assertThrows(GenkernException.class, () -> BvhReader.parse("HIERARCHY\nROOT a\n{\n OFFSET 0 0\n}\n", "bad.bvh"));
        assertTrue(e.getMessage().contains("bad.bvh line"), e.getMessage());
        e = assertThrows(GenkernException.class, () -> BvhReader.parse(
                "HIERARCHY\nROOT a\n{\nOFFSET 0 0 0\nCHANNELS 1 Wrotation\n}\nMOTION\nFrames: 0\nFrame Time: 0.1\n", "bad.bvh"));
        assertTrue(e.getMessage().contains("Wrotation") && e.getMessage().contains("line 5"), e.getMessage());
        e = assertThrows(GenkernException.class, () -> BvhReader.parse(
                "HIERARCHY\nROOT a\n{\nOFFSET 0 0 0\nCHANNELS 3 Xposition Yposition Zposition\n}\nMOTION\nFrames: 2\nFrame Time: 0.1\n1 2 3\n", "short.bvh"));
        assertTrue(e.getMessage().contains("declares 2 frames of 3 channels (6 numbers) but has 3 numbers after 'Frame Time' (1 frame)"),
                e.getMessage());
        Path missing = dir.resolve("none.bvh");
        assertThrows(GenkernException.class, () -> BvhReader.read(missing));
        Files.writeString(dir.resolve("x.bvh"), "");
        assertThrows(GenkernException.class, () -> BvhReader.read(dir.resolve("x.bvh")));
    }
}
