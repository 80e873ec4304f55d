package io.genkern.image;

import io.genkern.testing.ReadmeExamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java image example, compiled and run as written ({@link ReadmeExamples}), and the tiles it writes checked. */
class ReadmeImageExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeImageExampleCompilesRunsAndWritesTiles() throws Exception {
        String output = ReadmeExamples.compileAndRun("java-image-example", "BrickTiles", dir);
        assertTrue(output.contains("2 tiles"), output);
        for (int i = 0; i < 2; i++) {
            Image tile = ImageFiles.read(dir.resolve("tile_" + i + ".png"));
            assertEquals(96, tile.width());
            assertEquals(96, tile.height());
            assertEquals(3, tile.channels());
        }
    }
}
