package io.genkern.testing;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Java examples, as written: the code block after an HTML comment marker
 * ({@code <!-- MARKER: ... -->}) is compiled against the calling module's test classpath and run
 * as its own process (CPU backend) in a given folder.
 */
public final class ReadmeExamples {
    private ReadmeExamples() {}

    /** Compiles and runs the example after {@code marker}, which must declare {@code public class className}; returns its output. */
    public static String compileAndRun(String marker, String className, Path dir) throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("user.dir"), "..", "..", "README.md"));
        int at = readme.indexOf("<!-- " + marker + ":");
        assertTrue(at >= 0, "the README marks its example with <!-- " + marker + ": -->");
        int start = readme.indexOf("```java\n", at) + "```java\n".length();
        String code = readme.substring(start, readme.indexOf("```", start));
        assertTrue(code.contains("public class " + className), code);
        Path source = Files.writeString(dir.resolve(className + ".java"), code);

        String classpath = System.getProperty("java.class.path");
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", classpath, "-d", dir.toString(), source.toString());
        assertEquals(0, compiled, "the README's example compiles");

        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"),
                "-Dgenkern.backend=cpu", "-cp", dir + java.io.File.pathSeparator + classpath, className))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
