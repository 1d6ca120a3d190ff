package io.kafkalessons.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the schema registry's files and a Java runtime for it are: the build unpacks Apicurio
 * Registry in {@code code/schema-registry} and writes the folder into a resource this class reads.
 *
 * @param version  Apicurio Registry's version
 * @param appHome  the unpacked Quarkus application (quarkus-run.jar, lib/, app/)
 * @param javaHome a Java 21+ runtime to run it on
 */
public record RegistryInstall(String version, Path appHome, Path javaHome) {

    /** Apicurio Registry 3.x is compiled for Java 21 (class file version 65). */
    public static final int JAVA_NEEDED = 21;

    private static final String RESOURCE = "/io/kafkalessons/schemaregistry/app.properties";

    /** The install, or why the registry cannot start here (one line for the learner). */
    public static RegistryInstall find() {
        Properties p = new Properties();
        try (InputStream in = RegistryInstall.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new SandboxException("the schema registry is not on this classpath (" + RESOURCE
                        + " is missing); build code/schema-registry");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        Path home = Path.of(p.getProperty("home"));
        if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
            throw new SandboxException("Apicurio Registry is not unpacked at " + home
                    + "; run ./mvnw -pl code/schema-registry package");
        }
        Optional<Path> java = JavaRuntimes.atLeast(JAVA_NEEDED);
        if (java.isEmpty()) {
            throw new SandboxException(JavaRuntimes.missing(JAVA_NEEDED, "the schema registry (Apicurio Registry "
                    + p.getProperty("version") + ")"));
        }
        return new RegistryInstall(p.getProperty("version"), home, java.get());
    }

    /** True when {@link #find()} would succeed; for tests that skip visibly without Java 21. */
    public static boolean available() {
        try {
            find();
            return true;
        } catch (SandboxException e) {
            return false;
        }
    }
}
