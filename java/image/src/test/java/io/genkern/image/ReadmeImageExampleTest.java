package io.genkern.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Java image example, as written: the code block after the "java-image-example"
 * marker is compiled against this module's classpath and run as its own process in an empty
 * folder, and the tiles it writes are checked.
 */
class ReadmeImageExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeImageExampleCompilesRunsAndWritesTiles() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("user.dir"), "..", "..", "README.md"));
        int marker = readme.indexOf("<!-- java-image-example:");
        assertTrue(marker >= 0, "the README marks its Java image example");
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        String code = readme.substring(start, readme.indexOf("```", start));
        assertTrue(code.contains("public class BrickTiles"), code);
        Path source = Files.writeString(dir.resolve("BrickTiles.java"), code);

        String classpath = System.getProperty("java.class.path");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", classpath, "-d", dir.toString(), source.toString());
        assertEquals(0, compiled, "the README's example compiles");

        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"),
                "-Dgenkern.backend=cpu", "-cp", dir + java.io.File.pathSeparator + classpath, "BrickTiles"))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("2 tiles"), output);
        for (int i = 0; i < 2; i++) {
            Image tile = ImageFiles.read(dir.resolve("tile_" + i + ".png"));
            assertEquals(96, tile.width());
            assertEquals(96, tile.height());
            assertEquals(3, tile.channels());
        }
    }
}
