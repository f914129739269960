package io.github.mynacard.signing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

/** Every Java sample in the README compiles against the current API. */
class ReadmeSamplesTest {

    private static final String PRELUDE = "import io.github.mynacard.*;\nimport io.github.mynacard.mock.*;\n"
            + "import io.github.mynacard.jca.*;\nimport io.github.mynacard.cert.*;\nimport io.github.mynacard.signing.*;\n"
            + "import java.security.*;\nimport java.security.cert.X509Certificate;\nimport java.nio.file.Path;\n"
            + "import java.nio.charset.StandardCharsets;\nimport java.time.Clock;\nimport javax.security.auth.callback.CallbackHandler;\n"
            + "import io.github.mynacard.transport.*;\nimport io.github.mynacard.pcsc.*;\nimport java.time.LocalDate;\n";

    @Test
    void readmeJavaSamplesCompile() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<JavaFileObject> sources = new ArrayList<>();
        int n = 0;
        while (m.find()) {
            n++;
            String body = "public class ReadmeSample" + n + " {\n"
                    + "  void run(CardTransport transport, char[] cardInfoPin, char[] signingPin, byte[] sha256) throws Exception {\n"
                    + m.group(1) + "\n  }\n}\n";
            String name = "ReadmeSample" + n;
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return PRELUDE + body;
                }
            });
        }
        assertTrue(n >= 2, "the README has Java samples");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        Path out = Files.createTempDirectory("readme-samples");
        boolean ok = javac.getTask(errors, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-proc:none"),
                null, sources).call();
        assertTrue(ok, "README samples do not compile:\n" + errors);
    }
}
