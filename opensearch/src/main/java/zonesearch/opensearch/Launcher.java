package zonesearch.opensearch;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Runs one OpenSearch node in this JVM until it is sent SIGTERM.
 *
 * <p>The distribution's modules are not installed in a modules/ folder here: the two the
 * project needs (netty4 for HTTP and transport, analysis-common for the whitespace analyzer's
 * filters) are on the class path and handed to {@link Node} as class-path plugins, the way
 * OpenSearch's own test framework starts nodes. Settings come as {@code -Ekey=value}
 * arguments, like the distribution's {@code bin/opensearch}.
 */
public final class Launcher {
    private static final List<Class<? extends Plugin>> MODULES =
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    /** A node started with the class-path modules. */
    static final class ModuleNode extends Node {
        ModuleNode(Environment environment) {
            super(environment, MODULES, true);
        }
    }

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder();
        for (String arg : args) {
            if (!arg.startsWith("-E") || arg.indexOf('=') < 0) {
                System.err.println("usage: Launcher -Ekey=value ... (path.home and node.name are required)");
                System.exit(2);
            }
            String pair = arg.substring(2);
            int eq = pair.indexOf('=');
            builder.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Settings given = builder.build();
        String home = given.get("path.home");
        String name = given.get("node.name");
        if (home == null || name == null) {
            System.err.println("Launcher: -Epath.home=DIR and -Enode.name=NAME are required");
            System.exit(2);
        }
        Path config = Files.createDirectories(Path.of(home, "config"));
        try (InputStream logging = Launcher.class.getResourceAsStream("/log4j2.properties")) {
            Files.copy(logging, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        Environment environment =
                InternalSettingsPreparer.prepareEnvironment(given, Collections.emptyMap(), null, () -> name);
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(name);
        LogConfigurator.configure(environment);

        Node node = new ModuleNode(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "zonesearch-launcher-shutdown"));
        node.start();
        System.out.println("zonesearch launcher: node " + name + " started");
        // The node's threads are daemons: this one keeps the JVM alive until SIGTERM.
        stopped.await();
    }
}
