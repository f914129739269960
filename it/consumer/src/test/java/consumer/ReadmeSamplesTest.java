package consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample of mynacard's README is a whole source file (imports and a class), and it
 * compiles as written against what this project's dependencies bring.
 */
class ReadmeSamplesTest {

    @Test
    void theReadmesJavaSamplesCompileAsWritten() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("readme")), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        Pattern className = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)");
        List<JavaFileObject> files = new ArrayList<>();
        List<JavaFileObject> programs = new ArrayList<>();
        while (m.find()) {
            String source = m.group(1);
            Matcher c = className.matcher(source);
            assertTrue(c.find() && source.contains("import "), "not a whole source file:\n" + source);
            JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + c.group(1) + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            files.add(file);
            if (source.contains("static void main(")) {
                programs.add(file);
            }
        }
        assertTrue(files.size() >= 5, "Java samples found in the README: " + files.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        Path out = Files.createTempDirectory("readme-samples");
        boolean ok = javac.getTask(errors, null, null, List.of("-classpath", System.getProperty("java.class.path"), "-d",
                out.toString(), "-proc:none", "-encoding", "UTF-8"), null, files).call();
        assertTrue(ok, "the README's samples do not compile:\n" + errors);
        // a program (a class with main) lives in src/main: it sees only the README POM's compile
        // scope, not mynacard-mock-card, mynacard-junit5 or the test frameworks, which are test-scoped there
        String mainClasspath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.matches(".*(mynacard-mock-card|mynacard-junit5|junit|opentest4j|apiguardian|mockito|jqwik"
                        + "|byte-buddy|objenesis|[/\\\\]mock-card[/\\\\]|[/\\\\]junit5[/\\\\]).*"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        StringWriter mainErrors = new StringWriter();
        Path mainOut = Files.createTempDirectory("readme-programs");
        boolean mainOk = javac.getTask(mainErrors, null, null, List.of("-classpath", mainClasspath, "-d", mainOut.toString(),
                "-proc:none", "-encoding", "UTF-8"), null, programs).call();
        assertTrue(mainOk, "the README's programs do not compile with the README POM's compile scope alone:\n" + mainErrors);
        assertTrue(programs.size() >= 2, "programs found in the README: " + programs.size());
        System.out.println("consumer check: " + files.size() + " README samples compiled (" + programs.size()
                + " programs also with the compile scope alone)");
    }
}
