package dev.ossigraph.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded, with Bolt on a loopback port, for the ossigraph server.
 *
 * <p>Protocol with the parent process (src/db/embedded.ts): it prints exactly one line
 * {@code OSSIGRAPH_NEO4J_READY bolt://127.0.0.1:PORT} on stdout once Bolt accepts connections,
 * or {@code OSSIGRAPH_NEO4J_ERROR <one-line reason>} on stderr and exits with status 2. It stops
 * cleanly on SIGTERM/SIGINT and also when its stdin closes, so a parent that dies without
 * signalling never leaves an orphan JVM holding the store lock.
 *
 * <p>Usage: {@code EmbeddedNeo4j --home DIR --port N [--pagecache 128m]}, with the password of
 * the {@code neo4j} user in the environment variable {@code OSSIGRAPH_NEO4J_PASSWORD} (not an
 * argument: arguments are visible to every local user in the process list).
 */
public final class EmbeddedNeo4j {

    private EmbeddedNeo4j() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }

        DatabaseManagementService service;
        try {
            service = new DatabaseManagementServiceBuilder(options.home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", options.port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    // Loopback is shared by every local process: Bolt asks for the password the
                    // parent passes in OSSIGRAPH_NEO4J_PASSWORD (see setPassword).
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes)
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(30))
                    // A local, single-user store: no 250 MB preallocated log files, and only
                    // as much transaction log as recovery needs.
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "128M size")
                    // Bolt otherwise waits 5 s twice at shutdown for connections that a stopping
                    // server has already closed; one second is plenty on loopback.
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .build();
        } catch (RuntimeException e) {
            fail(describeStartFailure(e, options));
            return;
        }

        try {
            setPassword(service, options.password);
        } catch (RuntimeException e) {
            service.shutdown();
            fail("could not set the Neo4j password: " + e.getMessage());
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        Thread stdinWatcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // The parent never writes; reading only detects that it went away.
                }
            } catch (IOException ignored) {
                // A broken pipe means the same as end of input.
            }
            System.exit(0);
        }, "parent-watcher");
        stdinWatcher.setDaemon(true);
        stdinWatcher.start();

        System.out.println("OSSIGRAPH_NEO4J_READY bolt://127.0.0.1:" + options.port);
        System.out.flush();

        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes {@code password} the password of the {@code neo4j} user, with no change required.
     * Embedded transactions run with full rights, so this needs no current password; Bolt clients
     * only connect after the ready line, which comes after this.
     */
    private static void setPassword(DatabaseManagementService service, String password) {
        try {
            service.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // Setting the password it already has is refused; that is the steady state.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static String describeStartFailure(Throwable error, Options options) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String name = cause.getClass().getSimpleName();
            String message = String.valueOf(cause.getMessage());
            if (name.contains("FileLockException") || message.contains("lock file")) {
                return "the data directory " + options.home
                        + " is in use by another Neo4j process; stop it or set OSSIGRAPH_DATA_DIR to another directory";
            }
            if (cause instanceof java.net.BindException || message.contains("Address already in use")) {
                return "port " + options.port + " is already in use; set OSSIGRAPH_NEO4J_PORT to a free port or 0";
            }
        }
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "Neo4j failed to start: " + oneLine(root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    private static void fail(String message) {
        System.err.println("OSSIGRAPH_NEO4J_ERROR " + oneLine(message));
        System.err.flush();
        // halt, not exit: a half-started database must not run shutdown hooks that block.
        Runtime.getRuntime().halt(2);
    }

    private static final class Options {
        Path home;
        int port = -1;
        long pageCacheBytes = ByteUnit.mebiBytes(128);
        String password = System.getenv("OSSIGRAPH_NEO4J_PASSWORD");

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--home" -> options.home = Path.of(value).toAbsolutePath();
                    case "--port" -> options.port = parsePort(value);
                    case "--pagecache" -> options.pageCacheBytes = ByteUnit.parse(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (options.home == null || options.port < 1) {
                throw new IllegalArgumentException("usage: EmbeddedNeo4j --home DIR --port N [--pagecache 128m]");
            }
            if (options.password == null || options.password.length() < 8) {
                throw new IllegalArgumentException("OSSIGRAPH_NEO4J_PASSWORD must hold the password (8 characters or more)");
            }
            return options;
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("port out of range: " + value);
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port: " + value);
            }
        }
    }
}
